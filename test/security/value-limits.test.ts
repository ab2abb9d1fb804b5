/**
 * maxOutputSize bounds the values filters build to a size the template gives
 * (a width, a precision, a number of places): such a value past the limit is
 * refused before it is built, with the filter's template position. The
 * limit (1000) is large enough for each render's output (`|length` writes a
 * few digits), so an error proves the value was refused, not written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine, TemplateLimitError } from '../../src/index.js';
import { precompile, type PrecompileOptions } from '../../src/precompiled/precompile.js';

const LIMIT = 1000;
const HUGE = 500_000_000;

// [filter and argument past the limit, the same filter within it, its output within it, the value]
const cases: [string, string, string, unknown][] = [
  [`ljust:${HUGE}`, 'ljust:5', 'ab   ', 'ab'],
  [`rjust:${HUGE}`, 'rjust:5', '   ab', 'ab'],
  [`center:${HUGE}`, 'center:6', '  ab  ', 'ab'],
  [`ljust:${LIMIT + 1}`, `ljust:${LIMIT}`, 'ab' + ' '.repeat(LIMIT - 2), 'ab'],
  [`stringformat:"${HUGE}s"`, 'stringformat:"5s"', '   ab', 'ab'],
  [`stringformat:"-${HUGE}s"`, 'stringformat:"-5s"', 'ab   ', 'ab'],
  [`stringformat:"0${HUGE}d"`, 'stringformat:"05d"', '00042', 42],
  [`stringformat:".${HUGE}d"`, 'stringformat:".5d"', '00042', 42],
  [`stringformat:".${HUGE}f"`, 'stringformat:".3f"', '42.000', 42],
  [`stringformat:"#.${HUGE}g"`, 'stringformat:"#.4g"', '42.00', 42],
  // (Past 2,000,054 places Django's decimal context raises InvalidOperation first.)
  ['floatformat:2000000', 'floatformat:3', '1.500', 1.5],
  ['floatformat:-2000000', 'floatformat:-3', '1.500', 1.5],
  ['floatformat:"2000000g"', 'floatformat:"3g"', '1.500', 1.5],
];

describe('maxOutputSize refuses a filter value before it is built', () => {
  const limited = new Engine({ maxOutputSize: LIMIT, autoescape: false });
  const unlimited = new Engine({ autoescape: false });

  test.each(cases)('%s', (past, within, output, x) => {
    const render = () => limited.fromString(`line 1\n  {{ x|${past}|length }}`, 'width.html').render({ x });
    expect(render).toThrow(TemplateLimitError);
    expect(render).toThrow(expect.objectContaining({ limit: 'maxOutputSize', message: expect.stringContaining('maxOutputSize'), templateName: 'width.html', line: 2, column: 3 }));
    expect(limited.fromString(`{{ x|${within} }}`).render({ x })).toBe(output);
    expect(unlimited.fromString(`{{ x|${within} }}`).render({ x })).toBe(output);
  });

  test('in a tag: {% filter %}, {% with %}, {% if %}', () => {
    for (const source of [`{% filter ljust:${HUGE} %}x{% endfilter %}`, `{% with y=x|rjust:${HUGE} %}{% endwith %}`, `{% if x|center:${HUGE} %}{% endif %}`]) {
      expect(() => limited.fromString(source).render({ x: 'ab' })).toThrow(expect.objectContaining({ limit: 'maxOutputSize' }));
    }
  });

  test('without the limit, a value longer than the output is built as Django builds it', () => {
    expect(unlimited.fromString(`{{ x|ljust:${LIMIT * 3}|length }}`).render({ x: 'ab' })).toBe(String(LIMIT * 3));
  });

  test("a width the value already reaches, and a string's precision (which cuts), are not refused", () => {
    expect(limited.fromString('{{ x|center:3 }}|{{ x|stringformat:".2000000s" }}').render({ x: 'abcd' })).toBe('abcd|abcd');
  });

  test("Django's errors stay first where it raises them: a width that is no number, floatformat's decimal context", () => {
    expect(() => limited.fromString('{{ x|ljust:"wide" }}').render({ x: 'ab' })).toThrow(expect.objectContaining({ name: 'ValueError' }));
    expect(() => limited.fromString('{{ x|floatformat:3000000 }}').render({ x: 1.5 })).toThrow(expect.objectContaining({ name: 'InvalidOperation' }));
  });
});

describe('in a precompiled module, the maxOutputSize it was precompiled with', () => {
  let dir: string;
  let modules = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reinhardt-value-limits-'));
    await build({ entryPoints: [fileURLToPath(new URL('../../src/precompiled/runtime.ts', import.meta.url))], bundle: true, format: 'esm', outfile: join(dir, 'runtime.mjs'), logLevel: 'silent' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Each render's output or error, by plain Node: its stack names the module's file, which positions the error. */
  function renders(templates: Record<string, string>, options: PrecompileOptions, calls: [string, unknown][]): unknown[] {
    const code = precompile(templates, options).code.replace('from "reinhardt/runtime"', 'from "./runtime.mjs"');
    const file = join(dir, `templates${++modules}.mjs`);
    writeFileSync(file, code);
    const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const out = [];
      for (const [name, x] of ${JSON.stringify(calls)}) { try { out.push(m.render(name, { x })); } catch (e) { out.push([e.name, e.limit, e.templateName, e.line, e.column]); } }
      console.log(JSON.stringify(out));`;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  }

  test('refuses the value with its position, and renders within the limit', () => {
    const templates = { 'w.html': `line 1\n {{ x|ljust:${HUGE}|length }}`, 'f.html': `{{ x|floatformat:2000000|length }}`, 'ok.html': '{{ x|rjust:4 }}' };
    expect(renders(templates, { maxOutputSize: LIMIT }, [['w.html', 'ab'], ['f.html', 1.5], ['ok.html', 'ab']])).toEqual([
      ['TemplateLimitError', 'maxOutputSize', 'w.html', 2, 2],
      ['TemplateLimitError', 'maxOutputSize', 'f.html', 1, 1],
      '  ab',
    ]);
    expect(renders({ 'w.html': `{{ x|ljust:${LIMIT * 3}|length }}` }, {}, [['w.html', 'ab']])).toEqual([String(LIMIT * 3)]);
  });
});
