/**
 * Django's `cache` library (django/templatetags/cache.py):
 * `{% cache timeout fragment_name [vary_on ...] [using="alias"] %}...{% endcache %}`.
 *
 * The stores are the engine's `cacheStores` (Django's CACHES by alias): the
 * tag uses `template_fragments` if there is one, else `default`, or the one
 * `using=` names. Without the option an engine has one in-memory store
 * (`MemoryCacheStore`, an LRU of Django's locmem size). A store's get and
 * set may return Promises (a Redis-like store): an async render awaits them
 * where the tag stands, each call made once per render (see
 * src/runtime/async.ts); a synchronous render cannot wait, and says so.
 */
import { Library } from '../src/library.js';
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateError, TemplateSyntaxError, VariableDoesNotExist } from '../src/errors.js';
import type { FilterExpression } from '../src/expression.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import type { Context } from '../src/runtime/context.js';
import type { CacheStore, Engine } from '../src/engine.js';
import { MISSING } from '../src/runtime/lookup.js';
import { pyRepr, pyStr } from '../src/runtime/pyrepr.js';
import { SafeString } from '../src/runtime/safestring.js';
import { pyIntOf } from '../src/utils/pyconvert.js';
import { isThenable } from '../src/runtime/async-core.js';
import { md5Hex } from '../src/utils/crypto.js';

/**
 * An in-memory store, as Django's LocMemCache (300 entries, least recently
 * used out first). A Map, whose order is that of use: small enough for a
 * page's bundle, which a precompiled module's `{% cache %}` brings it into.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private readonly max: number;

  constructor(options: { max?: number } = {}) {
    this.max = options.max ?? 300;
  }

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expires <= Date.now()) return undefined;
    // Used last: to the end of the order.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: unknown, timeoutSeconds: number | null): void {
    this.entries.delete(key);
    // Django: a timeout of 0 or less expires the key at once.
    if (timeoutSeconds !== null && timeoutSeconds <= 0) return;
    this.entries.set(key, { value, expires: timeoutSeconds === null ? Infinity : Date.now() + timeoutSeconds * 1000 });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
  }
}

const utf8 = /* @__PURE__ */ new TextEncoder();

/** Django's `make_template_fragment_key(fragment_name, vary_on)`. */
export function makeTemplateFragmentKey(fragmentName: string, varyOn: readonly unknown[] | null = null): string {
  const parts: Uint8Array[] = [];
  for (const arg of varyOn ?? []) {
    // Each value as a netstring (`<length>:<bytes>,`), as Django 6.1 writes it.
    const data = utf8.encode(pyStr(arg));
    parts.push(utf8.encode(`${data.length}:`), data, utf8.encode(','));
  }
  return `template.cache.${fragmentName}.${md5Hex(parts)}`;
}

const defaultStores = new WeakMap<Engine, Record<string, CacheStore>>();

/** The engine's stores by alias (Django's `caches`). */
function storesOf(engine: Engine | undefined): Readonly<Record<string, CacheStore>> {
  const given = engine?.options.cacheStores;
  if (given !== undefined) return given;
  if (engine === undefined) return { default: new MemoryCacheStore() };
  let stores = defaultStores.get(engine);
  if (stores === undefined) {
    stores = { default: new MemoryCacheStore() };
    defaultStores.set(engine, stores);
  }
  return stores;
}

export class CacheNode extends Node {
  constructor(
    readonly nodelist: NodeList,
    readonly expireTimeVar: FilterExpression,
    readonly fragmentName: string,
    readonly varyOn: FilterExpression[],
    readonly cacheName: FilterExpression | null,
  ) {
    super();
  }

  private resolveOrUnknown(fe: FilterExpression, context: Context): unknown {
    try {
      return fe.resolve(context);
    } catch (e) {
      if (e instanceof VariableDoesNotExist) {
        const name = fe.isVar ? `<Variable: ${pyRepr((fe.var as { var: string }).var)}>` : pyRepr(fe.var);
        throw new TemplateSyntaxError(`"cache" tag got an unknown variable: ${name}`);
      }
      throw e;
    }
  }

  override render(context: Context): string {
    let expireTime = this.resolveOrUnknown(this.expireTimeVar, context);
    if (expireTime !== null && expireTime !== undefined) {
      try {
        expireTime = Number(pyIntOf(expireTime));
      } catch (e) {
        if (!(e instanceof Error && (e.name === 'ValueError' || e.name === 'TypeError'))) throw e;
        throw new TemplateSyntaxError(`"cache" tag got a non-integer timeout value: ${pyRepr(expireTime)}`);
      }
    } else expireTime = null;
    const stores = storesOf(context.template?.engine);
    let store: CacheStore | undefined;
    if (this.cacheName) {
      let cacheName = this.resolveOrUnknown(this.cacheName, context);
      if (cacheName instanceof SafeString) cacheName = cacheName.value;
      store = typeof cacheName === 'string' && Object.hasOwn(stores, cacheName) ? stores[cacheName] : undefined;
      if (store === undefined) throw new TemplateSyntaxError(`Invalid cache name specified for cache tag: ${pyRepr(cacheName)}`);
    } else {
      store = Object.hasOwn(stores, 'template_fragments') ? stores.template_fragments! : stores.default;
      if (store === undefined) throw new TemplateSyntaxError("Invalid cache name specified for cache tag: 'default'");
    }
    const varyOn = this.varyOn.map((v) => v.resolve(context));
    const cacheKey = makeTemplateFragmentKey(this.fragmentName, varyOn);
    const state = context.asyncState;
    let value = state ? state.callOnce(() => store.get(cacheKey)) : syncResult(store.get(cacheKey), 'get');
    if (value === null || value === undefined || value === MISSING) {
      value = this.nodelist.render(context);
      // A pass of an async render that met unknown values is thrown away:
      // its output must not be kept. The last pass waits for an async set,
      // as Django's set returns before the render goes on.
      if (!state) syncResult(store.set(cacheKey, value, expireTime as number | null), 'set');
      else if (!state.pending.size) state.callOnce(() => store.set(cacheKey, value, expireTime as number | null));
    }
    return pyStr(value);
  }
}

/**
 * What a store gave in a synchronous render: an async store's Promise
 * cannot be awaited there (Django's template tag calls the synchronous
 * cache API, which has no asynchronous store to meet).
 */
function syncResult(result: unknown, method: string): unknown {
  if (!isThenable(result)) return result;
  // The store's work goes on; its failure must not be an unhandled rejection.
  Promise.resolve(result).catch(() => {});
  throw new TemplateError(`The cache store of {% cache %} is asynchronous (its ${method} returned a Promise): render with renderAsync or renderStream.`);
}

export function doCache(parser: Parser, token: Token): CacheNode {
  const nodelist = parser.parse(['endcache']);
  parser.deleteFirstToken();
  let tokens = token.splitContents();
  if (tokens.length < 3) throw new TemplateSyntaxError(`'${pyRepr(tokens[0])}' tag requires at least 2 arguments.`);
  let cacheName: FilterExpression | null = null;
  if (tokens.length > 3 && tokens[tokens.length - 1]!.startsWith('using=')) {
    cacheName = parser.compileFilter(tokens[tokens.length - 1]!.slice('using='.length));
    tokens = tokens.slice(0, -1);
  }
  return new CacheNode(
    nodelist,
    parser.compileFilter(tokens[1]!),
    tokens[2]!, // The fragment name cannot be a variable.
    tokens.slice(3).map((t) => parser.compileFilter(t)),
    cacheName,
  );
}

export const cacheLibrary = /* @__PURE__ */ new Library().tag('cache', doCache).node('CacheNode', CacheNode);
