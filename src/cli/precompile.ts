/**
 * `reinhardt precompile <templates-dir> -o templates.js`: every template of
 * the folder compiled into one ES module for the browser (see
 * src/precompiled/precompile.ts), with its source map beside it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { globToRegExp, matchesAny } from './glob.js';
import { listTemplates } from './pages.js';
import { checkTemplatesDir, errorInfo } from './render.js';
import { displayPath, type OutputStream } from './report.js';
import { SetupError } from './data.js';
import { precompile, type PrecompileOptions } from '../precompiled/precompile.js';

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  exclude: { type: 'string', short: 'x', multiple: true },
  runtime: { type: 'string' },
  i18n: { type: 'boolean' },
  'locale-path': { type: 'string', multiple: true },
  languages: { type: 'string' },
  'locale-data': { type: 'string' },
  libraries: { type: 'string', short: 'l' },
  'no-source-map': { type: 'boolean' },
  'string-if-invalid': { type: 'string' },
  'max-output-size': { type: 'string' },
  'max-loop-iterations': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface PrecompileIO {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
}

/** Runs the command; gives the exit status (0 written, 1 a template error, 2 bad usage). */
export async function precompileCommand(args: string[], io: PrecompileIO, usageError: (message: string) => number, help: () => string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(help());
    return 0;
  }
  if (positionals.length !== 1) {
    return usageError(positionals.length ? `one templates folder expected, got ${positionals.join(' ')}` : 'the templates folder is missing');
  }
  if (values.out === undefined) return usageError('--out <file.js> is missing');
  let dir: string;
  try {
    dir = checkTemplatesDir(resolve(io.cwd, positionals[0]));
  } catch (e) {
    if (e instanceof SetupError) return usageError(e.message);
    throw e;
  }
  const options: PrecompileOptions = { file: basename(values.out), sourceMap: !values['no-source-map'] };
  if (values.runtime !== undefined) options.runtime = values.runtime;
  if (values.i18n) options.i18n = true;
  if (values['locale-path'] !== undefined) options.localePaths = values['locale-path'].map((p) => resolve(io.cwd, p));
  if (values.languages !== undefined) options.languages = values.languages.split(',').map((code) => code.trim().toLowerCase()).filter(Boolean);
  if (values['locale-data'] !== undefined) options.localeDataImport = values['locale-data'];
  if (values['string-if-invalid'] !== undefined) options.stringIfInvalid = values['string-if-invalid'];
  for (const [flag, key] of [['max-output-size', 'maxOutputSize'], ['max-loop-iterations', 'maxLoopIterations']] as const) {
    const given = values[flag];
    if (given === undefined) continue;
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0) return usageError(`--${flag} takes a whole number, not ${JSON.stringify(given)}`);
    options[key] = n;
  }
  const out = resolve(io.cwd, values.out);
  if (values.libraries !== undefined) {
    const path = resolve(io.cwd, values.libraries);
    let libraries: unknown;
    try {
      libraries = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
    } catch (e) {
      return usageError(`--libraries ${values.libraries}: ${(e as Error).message}`);
    }
    if (libraries === null || typeof libraries !== 'object') {
      return usageError(`--libraries ${values.libraries}: its default export must be an object of libraries by {% load %} name`);
    }
    options.libraries = libraries as PrecompileOptions['libraries'];
    // The module imports the same file, by its path from where the module is.
    const specifier = relative(dirname(out), path).split(sep).join('/');
    options.librariesImport = specifier.startsWith('.') ? specifier : `./${specifier}`;
  }
  const excludes = [...(values.exclude ?? []), '**/.*', '.*'].map(globToRegExp);
  const names = listTemplates(dir).filter((name) => !matchesAny(name, excludes) && resolve(dir, name) !== out && resolve(dir, name) !== `${out}.map`);
  const templates = new Map(names.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  let result;
  try {
    result = precompile(templates, options);
  } catch (e) {
    const info = errorInfo(e);
    const where = info.templateName === undefined ? '' : `${displayPath(join(dir, info.templateName), io.cwd)}:${info.line ?? 1}:${info.column ?? 1}: `;
    io.stderr.write(`${where}${info.name}: ${info.message}\n${info.excerpt ? `${info.excerpt}\n` : ''}`);
    return 1;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.code);
  if (result.map !== undefined) writeFileSync(`${out}.map`, result.map);
  if (!values.quiet) {
    const kb = (Buffer.byteLength(result.code) / 1024).toFixed(1);
    io.stdout.write(`${result.templateNames.length} template${result.templateNames.length === 1 ? '' : 's'} precompiled to ${displayPath(out, io.cwd)} (${kb} KB${result.map === undefined ? '' : ', with its source map'})\n`);
  }
  return 0;
}
