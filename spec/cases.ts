/** The suite's cases (spec/cases/*.json; see spec/README.md for the format). */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SpecCase {
  name: string;
  template?: string;
  templates?: Record<string, string>;
  entry?: string;
  context?: unknown;
  options?: {
    autoescape?: boolean; stringIfInvalid?: string; debug?: boolean; request?: { GET?: string }; urls?: boolean;
    /** The render's language (Django: translation.override). */
    language?: string;
    /** Django settings by name (USE_THOUSAND_SEPARATOR, ...): engine options in camelCase. */
    settings?: Record<string, unknown>;
    /** The clock, stopped at this UTC time (Django: humanize's datetime.now patched). */
    now?: string;
    /** A staticfiles.json (Django: ManifestStaticFilesStorage). */
    staticManifest?: { paths: Record<string, string>; version?: string };
  };
  output?: string;
  error?: string;
  errorMessage?: string;
}

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export function loadCases(): [string, SpecCase[]][] {
  return readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as SpecCase[]]);
}
