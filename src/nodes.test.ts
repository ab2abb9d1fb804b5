import { describe, expect, test } from 'vitest';
import { Context, Engine, Library, Node, type NodeList, type Parser, type Token } from './index.js';

/** A tag written the Django way: a compile function and a Node with render(). */
class UpperNode extends Node {
  constructor(readonly nodelist: NodeList) {
    super();
  }
  override render(context: Context): string {
    context.push({ shout: true });
    try {
      return this.nodelist.render(context).toUpperCase();
    } finally {
      context.pop();
    }
  }
}

function doUpper(parser: Parser, _token: Token): Node {
  const nodelist = parser.parse(['endupper']);
  parser.deleteFirstToken();
  return new UpperNode(nodelist);
}

class SetNode extends Node {
  constructor(readonly name: string, readonly value: string) {
    super();
  }
  override render(context: Context): string {
    context.set(this.name, this.value);
    return '';
  }
}

describe('nodes that only render()', () => {
  const lib = new Library()
    .tag('upper', doUpper)
    .tag('set', (_p, token) => {
      const [, name, value] = token.splitContents();
      return new SetNode(name, value);
    });
  const engine = new Engine({ builtins: [lib] });

  test('render compiled children and see the context they push', () => {
    const out = engine.fromString('{% for x in xs %}{% upper %}{{ x }}{% if shout %}!{% endif %}{% endupper %}{% endfor %}').render({ xs: ['a', 'b'] });
    expect(out).toBe('A!B!');
  });

  test('a value a node sets is seen by the compiled code after it, even a loop variable', () => {
    const out = engine.fromString('{% for x in xs %}{% set x changed %}{{ x }},{% endfor %}{% set y new %}{{ y }}').render({ xs: [1, 2] });
    expect(out).toBe('changed,changed,new');
  });

  test('compiled nodes render on their own too', () => {
    const t = engine.fromString('{% if a %}yes {{ a }}{% endif %}');
    const ifNode = t.nodelist.nodes[0];
    expect(ifNode.render(new Context({ a: '<1>' }))).toBe('yes &lt;1&gt;');
    expect(t.nodelist.render(new Context({ a: 0 }))).toBe('');
  });
});
