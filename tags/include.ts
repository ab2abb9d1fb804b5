/**
 * `{% include name [with a=b ...] [only] %}` (Django's IncludeNode). The name
 * is a string, a variable, a list of names (the first that exists), or a
 * Template; the included template is compiled once and cached by the engine.
 */
import { Node } from '../src/nodes.js';
import { TemplateDoesNotExist, TemplateSyntaxError, pyError, type TriedTemplate } from '../src/errors.js';
import type { Parser } from '../src/parser.js';
import { Template } from '../src/template.js';
import type { Engine } from '../src/engine.js';
import { checkHashable, pyEquals, pyIterate, truthy } from '../src/runtime/pyops.js';
import { pyStr, pyStrRepr, pyTypeName } from '../src/runtime/pyrepr.js';
import { SafeString } from '../src/runtime/safestring.js';
import { tokenKwargs, type FilterExpression } from '../src/expression.js';
import { enterNested, newFrame, setInFrame, type Context, type Frame } from '../src/runtime/context.js';
import type { Token } from '../src/lexer.js';
import type { CodeWriter } from '../src/compiler.js';
import { SiteUnits, type SiteBindings } from '../src/runtime/units.js';
import { constructRelativePath } from './relative-path.js';
import { streamThrough } from '../src/runtime/async-core.js';

/**
 * Django's `select_template` over the items an include was given, which
 * need not be text: the loaders key a dict by each name (a list or dict
 * is unhashable), a name that is not text is never found, and the message
 * that joins the names not found fails on one that is not text.
 */
function selectTemplate(engine: Engine, names: unknown[]): Template {
  if (names.every((n) => typeof n === 'string')) return engine.selectTemplate(names as string[]);
  const notFound: unknown[] = [];
  const tried: TriedTemplate[] = [];
  for (const name of names) {
    if (typeof name === 'string' || name instanceof SafeString) {
      try {
        return engine.getTemplate(pyStr(name));
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
        if (!notFound.includes(e.message)) notFound.push(e.message);
        tried.push(...e.tried);
      }
    } else {
      checkHashable(name);
      if (!notFound.some((n) => pyEquals(n, name))) notFound.push(name);
    }
  }
  const bad = notFound.findIndex((n) => typeof n !== 'string');
  if (bad >= 0) throw pyError('TypeError', `sequence item ${bad}: expected str instance, ${pyTypeName(notFound[bad])} found`);
  throw new TemplateDoesNotExist(notFound.join(', '), tried);
}

export class IncludeNode extends Node {
  override get streamsThrough(): boolean {
    return true;
  }

  constructor(
    readonly template: FilterExpression,
    readonly extraContext: Map<string, FilterExpression>,
    readonly isolatedContext: boolean,
  ) {
    super();
  }

  /** The template of a constant name, kept once found (unless the engine reloads changed files). */
  declare private constantTemplate?: Template;

  /** Django's `self.template.resolve(context)` and the lookup of what it names. */
  resolveTemplate(context: Context): Template {
    // Its own only, never one on a polluted Object.prototype. (Not an unset field
    // on the prototype: that statement would keep this class in every bundle.)
    if (Object.hasOwn(this, 'constantTemplate')) return this.constantTemplate!;
    const value = this.template.resolve(context);
    if (value instanceof Template) return value;
    const engine = context.template!.engine;
    if (typeof value === 'string' || value instanceof SafeString) {
      const name = String(value);
      if (!name) return engine.selectTemplate([]);
      const template = engine.getTemplate(constructRelativePath(this.origin.templateName, name, true));
      if (!this.template.isVar && !this.template.filters.length && !engine.debug) this.constantTemplate = template;
      return template;
    }
    if (!truthy(value)) return engine.selectTemplate([]);
    // Django hands anything else to select_template, which iterates it (a dict: its keys).
    const names = pyIterate(value);
    if (names === undefined) throw pyError('TypeError', `'${pyTypeName(value)}' object is not iterable`);
    return selectTemplate(engine, names);
  }

  /**
   * The include as compiled code runs it: the template, then the `with`
   * values (a new frame, or null when there are none), in Django's order.
   * The names this site has bound to locals are handed to the included
   * template's code (compiled for them), but those the include hides.
   */
  override compile(w: CodeWriter): void {
    const node = w.ref(this);
    const template = `${node}.resolveTemplate(ctx)`;
    const { site, args } = this.isolatedContext ? { site: null, args: 'null' } : w.siteBindings(new Set(this.extraContext.keys()));
    const sites = site ? w.ref(site) : 'null';
    if (this.extraContext.size === 0) {
      w.write(`${node}.include(ctx, ${template}, null, ${sites}, ${args})`);
    } else {
      w.block('', () => {
        const t = w.tmp('t'), values = w.tmp('f');
        w.line(`const ${t} = ${template}, ${values} = {};`);
        for (const [name, fe] of this.extraContext) w.line(`${w.frameSet(values, name, w.expression(fe, 'render'))};`);
        w.write(`${node}.include(ctx, ${t}, ${values}, ${sites}, ${args})`);
      });
    }
    // A tag of the included template may have set a name of ours upward (`cycle ... as`).
    w.resync();
  }

  /** Django's IncludeNode.render once the template and the values are known. */
  include(context: Context, template: Template, values: Frame | null, site: SiteBindings | null = null, bindings: unknown[] | null = null): string {
    // The depth lives in the render's state, shared by nested includes.
    const rc = context.renderContext;
    enterNested(context, this.origin, 'including', template.name ?? template.origin.name);
    try {
      if (this.isolatedContext) return renderIncluded(template, context.new(values ?? undefined), null, null);
      context.dicts.push(values ?? newFrame());
      try {
        return renderIncluded(template, context, site, bindings);
      } finally {
        context.pop();
      }
    } finally {
      rc.includeDepth--;
    }
  }

  override render(context: Context): string {
    const template = this.resolveTemplate(context);
    const values = newFrame();
    for (const [name, fe] of this.extraContext) setInFrame(values, name, fe.resolve(context));
    return this.include(context, template, values);
  }
}

const SITE_UNITS = Symbol('includedAtSites');

/**
 * Includes that run the template's own code before its code for the sites'
 * bindings is compiled: on the bench's row, the site's code is 0.2 µs faster
 * a run and costs about 100 µs to compile, so a page rendered once (a cold
 * start) is faster without it.
 */
const PLAIN_RUNS = 500;

/**
 * Django's `template.render(context)` inside a render: a fresh scope of
 * render state (cycle, ifchanged) for the included template. A synchronous
 * render of a Template runs its code at once, compiled for the site's
 * bindings when there are any; an async pass, a partial or a context bound
 * to no template goes through Template.render.
 */
function renderIncluded(template: Template, context: Context, site: SiteBindings | null, bindings: unknown[] | null): string {
  if (context.asyncState !== undefined || context.template === null || !(template instanceof Template)) {
    return streamThrough(context, () => template.render(context));
  }
  const rc = context.renderContext;
  const outer = rc.template;
  rc.push();
  rc.template = template;
  try {
    if (site === null) return template.renderInContext(context);
    let units = template.tagCache.get(SITE_UNITS) as SiteUnits | undefined;
    if (units === undefined) template.tagCache.set(SITE_UNITS, (units = new SiteUnits(template.nodelist, template.origin, (ctx) => template.renderInContext(ctx), null, PLAIN_RUNS)));
    return units.run(site, context, bindings);
  } finally {
    rc.pop();
    rc.template = outer;
  }
}

export function doInclude(parser: Parser, token: Token): IncludeNode {
  const bits = token.splitContents();
  if (bits.length < 2) {
    throw new TemplateSyntaxError(
      `${pyStrRepr(bits[0])} tag takes at least one argument: the name of the template to be included.`,
    );
  }
  const options = new Map<string, Map<string, FilterExpression> | true>();
  const remaining = bits.slice(2);
  while (remaining.length) {
    const option = remaining.shift()!;
    if (options.has(option)) throw new TemplateSyntaxError(`The ${pyStrRepr(option)} option was specified more than once.`);
    if (option === 'with') {
      const value = tokenKwargs(remaining, parser, false);
      if (!value.size) throw new TemplateSyntaxError(`"with" in ${pyStrRepr(bits[0])} tag needs at least one keyword argument.`);
      options.set(option, value);
    } else if (option === 'only') {
      options.set(option, true);
    } else {
      throw new TemplateSyntaxError(`Unknown argument for ${pyStrRepr(bits[0])} tag: ${pyStrRepr(option)}.`);
    }
  }
  bits[1] = constructRelativePath(parser.origin.templateName, bits[1], true);
  const extra = options.get('with');
  return new IncludeNode(parser.compileFilter(bits[1]), extra instanceof Map ? extra : new Map(), options.has('only'));
}
