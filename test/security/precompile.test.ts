/**
 * The precompiler's side of codegen.test.ts: template names, text and
 * arguments holding the payloads enter a precompiled module only as escaped
 * literals. The module is loaded where code generation is refused; the
 * payloads would set the sentinel if any ran, and none may be read raw from
 * the module's text (`</script`, `<!--`, a raw U+2028/U+2029).
 */
import { beforeAll, expect, test } from 'vitest';
import { Engine } from '../../src/index.js';
import { precompile } from '../../src/precompiled/precompile.js';
import { strictRealm, type StrictRealm } from '../precompile/strict-vm.js';
import { PAYLOAD_STRINGS, SENTINEL } from './harness.js';

let realm: StrictRealm;
beforeAll(async () => {
  realm = await strictRealm();
});

const hasSyntax = (s: string) => /\{[{%#]|[}%#]\}/.test(s);

test.each(PAYLOAD_STRINGS.map((p) => [JSON.stringify(p), p]))('names, text and arguments: %s', (_label, p) => {
  const name = p.replace(/[\s"'|]/g, '') || 'x';
  const text = hasSyntax(p) ? `{% verbatim %}${p}{% endverbatim %}` : `${p}{# ${p} #}`;
  const argument = p.includes('"') || p.includes('\n') || p.includes('\r') || hasSyntax(p) ? 'plain' : p;
  const templates: Record<string, string> = {
    // The text last: a `{{` in it must not open a tag with what follows.
    [`${name}.html`]: `{{ missing|default:"${argument}" }}{% include "${name}-inc.html" %}[${text}]`,
    [`${name}-inc.html`]: `(${text})`,
    'page.html': `{% extends "base.html" %}{% block b %}${text}{% endblock %}`,
    'base.html': `<{% block b %}{% endblock %}>{% include "${name}.html" %}`,
  };
  const { code, map } = precompile(templates);
  expect(code).not.toMatch(/<\/script|<!--|[\u2028\u2029]/i);
  expect(() => JSON.parse(map!)).not.toThrow();
  const mod = realm.load(code);
  const engine = new Engine({ templates });
  for (const entry of Object.keys(templates)) expect(mod.render(entry, {})).toBe(engine.renderToString(entry, {}));
  expect(realm.run(`globalThis.${SENTINEL}`)).toBeUndefined();
});
