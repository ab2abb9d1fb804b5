import { SourceMapGenerator } from 'source-map';
import { describe, expect, test } from 'vitest';
import { Engine } from './index.js';
import type { CompiledCode } from './compiler.js';

describe('sourceMap', () => {
  test('maps every generated segment to its template position, as source-map writes them', () => {
    const engine = new Engine({ debug: true });
    const sources = [
      'plain text',
      'a {{ x }}\n{% for i in y %}\n  {{ i|upper }} {% if i %}z{% endif %}\n{% endfor %}',
      '{% block a %}{{ b }}{% endblock %}\n\n\n{{ c|default:"x" }}{% cycle 1 2 as c %}{% with a=1 %}{{ a }}{% endwith %}',
    ];
    for (const source of sources) {
      const template = engine.fromString(source, 'dir/a.html');
      const code = (template as unknown as { code: CompiledCode }).code;
      const gen = new SourceMapGenerator({ file: code.url });
      gen.setSourceContent('dir/a.html', source);
      const s = code.segments;
      for (let i = 0; i < s.length; i += 4) {
        if (!s[i + 2]) continue;
        // `new Function` puts two lines before the body.
        gen.addMapping({ generated: { line: s[i] + 3, column: s[i + 1] }, original: { line: s[i + 2], column: s[i + 3] - 1 }, source: 'dir/a.html' });
      }
      expect(template.sourceMap(), source).toBe(gen.toString());
    }
  });

  test('is written for a template with an empty name too', () => {
    expect(new Engine({ debug: true }).fromString('{{ 1 }}', '').render()).toBe('1');
  });
});

test('generatedCode is the body of the render function\'s factory, as written', () => {
  for (const debug of [false, true]) {
    const t = new Engine({ debug }).fromString('a{{ b|upper }}\n{% for x in xs %}{{ x }}{% endfor %}', 'g.html');
    const code = t.generatedCode;
    expect(code.startsWith('"use strict";\n')).toBe(true);
    expect(code.endsWith(debug ? '' : '//# sourceURL=reinhardt:///g.html?unit=0')).toBe(true);
    expect(typeof new Function('rt', 'r', code)).toBe('function');
  }
});
