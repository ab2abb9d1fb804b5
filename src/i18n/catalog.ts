/**
 * gettext catalogs: a minimal reader of `.po` (text) and `.mo` (compiled)
 * files, and the Catalog a translation looks messages up in. Kept small and
 * behind `parsePo`/`parseMo` so that a maintained gettext parser can replace
 * it without touching the rest.
 *
 * Keys are gettext's: `msgid`, or `msgctxt + "\x04" + msgid`; a plural entry
 * is keyed by its singular msgid and holds one string per plural form.
 */
import { GERMANIC_PLURAL, parsePluralForms, type PluralForms } from './plural.js';

/** The separator gettext puts between a message's context and its msgid. */
export const CONTEXT_SEPARATOR = '\x04';

export type Message = string | readonly string[];

/** A catalog that cannot be read: its message names the file and, for a `.po`, the line. */
export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(readonly file: string, detail: string, readonly line?: number) {
    super(`Invalid translation catalog ${file}${line === undefined ? '' : `, line ${line}`}: ${detail}`);
  }
}

/**
 * A catalog as data: what a precompiled module holds of one of your
 * `django.po`/`.mo` files (or what you give `createEngine({ catalogs })`).
 */
export interface CatalogData {
  /** The catalog's `Plural-Forms` header value (`nplurals=2; plural=(n != 1);`); absent: gettext's default. */
  readonly pluralForms?: string | null;
  /** Translations by gettext key (`msgid`, or `msgctxt + "\x04" + msgid`); a plural entry holds one string per form. */
  readonly messages: Readonly<Record<string, Message>>;
}

/** The data of a catalog (what a precompiled module writes). */
export function catalogData(catalog: Catalog): CatalogData {
  return { pluralForms: catalog.pluralForms.header ?? null, messages: Object.fromEntries(catalog.messages) };
}

/** A Catalog over catalog data; a bad `Plural-Forms` is a CatalogError naming `file`. */
export function catalogFromData(data: CatalogData, file: string): Catalog {
  const messages = new Map<string, Message>();
  for (const key of Object.keys(data.messages)) messages.set(key, data.messages[key]!);
  return new Catalog(messages, pluralFormsOf(data.pluralForms ?? undefined, file, true), file);
}

export class Catalog {
  constructor(
    readonly messages: ReadonlyMap<string, Message>,
    readonly pluralForms: PluralForms = GERMANIC_PLURAL,
    /** Where it was read from (for messages), or a name for built-in data. */
    readonly file = '',
  ) {}

  /** The translation of `key` (a singular entry), or undefined. */
  get(key: string): string | undefined {
    const m = this.messages.get(key);
    if (m === undefined) return undefined;
    return typeof m === 'string' ? m : m[0];
  }

  /** The plural form of `key` for `n`, or undefined when the catalog has no plural entry for it. */
  getPlural(key: string, n: number): string | undefined {
    const m = this.messages.get(key);
    if (m === undefined || typeof m === 'string') return undefined;
    const index = this.pluralForms.plural(n);
    // Python's gettext: an index past the forms is a KeyError, i.e. not found.
    return m[index];
  }
}

/** The `Plural-Forms:` value of a catalog header. */
function headerPluralForms(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const line of header.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'plural-forms') return line.slice(colon + 1).trim();
  }
  return undefined;
}

function pluralFormsOf(header: string | undefined, file: string, isValue = false): PluralForms {
  try {
    return parsePluralForms(isValue ? header : headerPluralForms(header));
  } catch (e) {
    throw new CatalogError(file, (e as Error).message);
  }
}

// ----- .po -----

const PO_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

function unquote(text: string, file: string, line: number): string {
  if (text.length < 2 || text[0] !== '"' || text[text.length - 1] !== '"') throw new CatalogError(file, `expected a quoted string, found ${text}`, line);
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"') throw new CatalogError(file, 'unescaped " in a string', line);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw new CatalogError(file, 'a string ends with a backslash', line);
    if (next in PO_ESCAPES) out += PO_ESCAPES[next];
    else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else throw new CatalogError(file, `unknown escape \\${next}`, line);
  }
  return out;
}

interface PoEntry {
  msgctxt?: string;
  msgid?: string;
  msgidPlural?: string;
  msgstr: Map<number, string>;
  fuzzy: boolean;
  line: number;
}

/** Read a `.po` file's text. Fuzzy and untranslated entries are left out, as `msgfmt` leaves them out. */
export function parsePo(text: string, file = '<string>'): Catalog {
  const messages = new Map<string, Message>();
  let header: string | undefined;
  let entry: PoEntry | null = null;
  let fuzzyNext = false;
  // Which string a continuation line ("...") extends.
  let field: { name: 'msgctxt' | 'msgid' | 'msgidPlural' } | { name: 'msgstr'; index: number } | null = null;

  const finish = () => {
    if (entry === null) return;
    const e = entry;
    entry = null;
    field = null;
    if (e.msgid === undefined) throw new CatalogError(file, 'an entry has no msgid', e.line);
    if (e.msgstr.size === 0) throw new CatalogError(file, `msgid ${JSON.stringify(e.msgid)} has no msgstr`, e.line);
    if (e.msgid === '' && e.msgctxt === undefined) {
      header = e.msgstr.get(0) ?? '';
      return;
    }
    if (e.fuzzy) return;
    const key = e.msgctxt === undefined ? e.msgid : e.msgctxt + CONTEXT_SEPARATOR + e.msgid;
    if (e.msgidPlural !== undefined) {
      const forms: string[] = [];
      for (let i = 0; e.msgstr.has(i); i++) forms.push(e.msgstr.get(i)!);
      if (forms.length !== e.msgstr.size) throw new CatalogError(file, `msgid ${JSON.stringify(e.msgid)}: msgstr[] indices are not 0, 1, ...`, e.line);
      if (forms.every((f) => f === '')) return;
      messages.set(key, forms);
    } else {
      if (e.msgstr.has(1) || !e.msgstr.has(0)) throw new CatalogError(file, `msgid ${JSON.stringify(e.msgid)}: msgstr[n] without msgid_plural`, e.line);
      const s = e.msgstr.get(0)!;
      if (s !== '') messages.set(key, s);
    }
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#~')) continue;
      if (line.startsWith('#,') && /\bfuzzy\b/.test(line)) fuzzyNext = true;
      continue;
    }
    if (line.startsWith('"')) {
      const cur = entry as PoEntry | null;
      if (cur === null || field === null) throw new CatalogError(file, 'a string outside an entry', lineNo);
      const s = unquote(line, file, lineNo);
      const f = field as { name: string; index?: number };
      if (f.name === 'msgstr') cur.msgstr.set(f.index!, cur.msgstr.get(f.index!)! + s);
      else if (f.name === 'msgctxt') cur.msgctxt += s;
      else if (f.name === 'msgid') cur.msgid += s;
      else cur.msgidPlural += s;
      continue;
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$/.exec(line);
    if (!m) throw new CatalogError(file, `cannot read ${JSON.stringify(line.length > 40 ? line.slice(0, 40) + '...' : line)}`, lineNo);
    const keyword = m[1]!;
    const value = unquote(m[3]!.trim(), file, lineNo);
    if (keyword === 'msgctxt' || keyword === 'msgid') {
      const open = entry as PoEntry | null;
      const startsNew = open === null || open.msgstr.size > 0 || open.msgid !== undefined
        || (keyword === 'msgctxt' && open.msgctxt !== undefined);
      if (startsNew) {
        finish();
        entry = { msgstr: new Map(), fuzzy: fuzzyNext, line: lineNo };
        fuzzyNext = false;
      }
    }
    const cur = entry as PoEntry | null;
    if (cur === null) throw new CatalogError(file, `${keyword} before msgid`, lineNo);
    if (keyword === 'msgctxt') {
      cur.msgctxt = value;
      field = { name: 'msgctxt' };
    } else if (keyword === 'msgid') {
      cur.msgid = value;
      field = { name: 'msgid' };
    } else if (keyword === 'msgid_plural') {
      if (cur.msgid === undefined) throw new CatalogError(file, 'msgid_plural before msgid', lineNo);
      cur.msgidPlural = value;
      field = { name: 'msgidPlural' };
    } else {
      if (cur.msgid === undefined) throw new CatalogError(file, 'msgstr before msgid', lineNo);
      const index = m[2] === undefined ? 0 : Number(m[2]);
      if (m[2] !== undefined && cur.msgidPlural === undefined) throw new CatalogError(file, 'msgstr[n] without msgid_plural', lineNo);
      if (m[2] === undefined && cur.msgidPlural !== undefined) throw new CatalogError(file, 'msgstr without [n] after msgid_plural', lineNo);
      if (cur.msgstr.has(index)) throw new CatalogError(file, `msgstr[${index}] given twice`, lineNo);
      cur.msgstr.set(index, value);
      field = { name: 'msgstr', index };
    }
  }
  finish();
  return new Catalog(messages, pluralFormsOf(header, file), file);
}

/** Read a `.po` file's bytes: UTF-8, as Django's `makemessages` writes them. */
export function readPo(bytes: Uint8Array, file = '<bytes>'): Catalog {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CatalogError(file, 'not UTF-8 (catalogs are read as UTF-8)');
  }
  return parsePo(text, file);
}

// ----- .mo -----

/** Read a compiled `.mo` file (either byte order; UTF-8 text). */
export function parseMo(bytes: Uint8Array, file = '<bytes>'): Catalog {
  if (bytes.length < 28) throw new CatalogError(file, 'too short for a .mo file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  let little: boolean;
  if (magic === 0x950412de) little = true;
  else if (magic === 0xde120495) little = false;
  else throw new CatalogError(file, 'bad magic number (not a .mo file)');
  const u32 = (offset: number) => {
    if (offset + 4 > bytes.length) throw new CatalogError(file, 'truncated');
    return view.getUint32(offset, little);
  };
  const major = u32(4) >>> 16;
  if (major > 1) throw new CatalogError(file, `unsupported .mo revision ${major}`);
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const str = (table: number, i: number) => {
    const length = u32(table + i * 8);
    const offset = u32(table + i * 8 + 4);
    if (offset + length > bytes.length) throw new CatalogError(file, 'a string lies past the end of the file');
    try {
      return decoder.decode(bytes.subarray(offset, offset + length));
    } catch {
      throw new CatalogError(file, 'a string is not UTF-8');
    }
  };
  const messages = new Map<string, Message>();
  let header: string | undefined;
  for (let i = 0; i < count; i++) {
    const msgid = str(originals, i);
    const msgstr = str(translations, i);
    if (msgid === '') {
      header = msgstr;
      continue;
    }
    const nul = msgid.indexOf('\0');
    if (nul >= 0) messages.set(msgid.slice(0, nul), msgstr.split('\0'));
    else messages.set(msgid, msgstr);
  }
  return new Catalog(messages, pluralFormsOf(header, file), file);
}

interface NodeFs {
  readFileSync(path: string): Uint8Array;
  existsSync(path: string): boolean;
}

function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
}

/**
 * The catalog of one of LOCALE_PATHS for a locale, as Django finds it
 * (`<path>/<locale>/LC_MESSAGES/django.mo` first, else `.po`); undefined
 * when there is none, or no file system (a browser).
 */
export function readCatalogFile(path: string, locale: string): Catalog | undefined {
  const fs = nodeFs();
  if (fs === undefined) return undefined;
  const base = `${path.replace(/[\\/]+$/, '')}/${locale}/LC_MESSAGES/django`;
  if (fs.existsSync(base + '.mo')) return parseMo(fs.readFileSync(base + '.mo'), base + '.mo');
  if (fs.existsSync(base + '.po')) return readPo(fs.readFileSync(base + '.po'), base + '.po');
  return undefined;
}
