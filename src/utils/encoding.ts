/** Django's django/utils/encoding.py: `iri_to_uri`. */
import { quote } from './urlparse.js';

/**
 * Django's `iri_to_uri`: percent-encode what an IRI may hold and a URI may
 * not, keeping RFC 3986's reserved and unreserved characters and `%` (so an
 * already encoded URI stays as it is).
 */
export function iriToUri(iri: string): string;
export function iriToUri(iri: null | undefined): null | undefined;
export function iriToUri(iri: string | null | undefined): string | null | undefined {
  if (iri === null || iri === undefined) return iri;
  return quote(iri, "/#%[]=:;$&()+,!?*@'~");
}
