/**
 * What the server view engines share: the request `{% querystring %}` reads,
 * made from a framework's request, and template names without an extension.
 * Nothing here imports a framework: the package has no framework dependency.
 */

/**
 * The part of Django's HttpRequest the built-in tags read: `GET` (what
 * `{% querystring %}` starts from), plus `method` and `path` for templates.
 */
export interface DjangoRequest {
  GET: URLSearchParams;
  method: string | undefined;
  path: string;
}

/**
 * The request a render is for. A value that already has `GET` is taken as a
 * Django-shaped request and used as it is; a Node, Express, Koa or Fastify
 * request (anything with `originalUrl` or `url`) gives a DjangoRequest.
 */
export function djangoRequest(req: unknown): unknown {
  if (req === null || typeof req !== 'object') return undefined;
  if ('GET' in req) return req;
  const r = req as { originalUrl?: unknown; url?: unknown; method?: unknown };
  // Express and Koa rewrite `url` below a mount point; `originalUrl` is what the client asked for.
  const url = typeof r.originalUrl === 'string' ? r.originalUrl : r.url;
  if (typeof url !== 'string') return undefined;
  const q = url.indexOf('?');
  const hash = url.indexOf('#');
  const end = hash < 0 ? url.length : hash;
  return {
    GET: new URLSearchParams(q < 0 || q > end ? '' : url.slice(q + 1, end)),
    method: typeof r.method === 'string' ? r.method : undefined,
    path: url.slice(0, q < 0 ? end : Math.min(q, end)),
  } satisfies DjangoRequest;
}

/**
 * `name` with `.extension` added when its last segment has none, so that
 * `render('page')` finds `page.html`. A partial (`page#card`) keeps its `#`.
 */
export function withExtension<N extends string | readonly string[]>(name: N, extension: string | undefined): N {
  if (!extension) return name;
  const ext = extension.startsWith('.') ? extension : '.' + extension;
  const add = (n: string): string => {
    const hash = n.indexOf('#');
    const base = hash < 0 ? n : n.slice(0, hash);
    if (/\.[^/]*$/.test(base)) return n;
    return base + ext + (hash < 0 ? '' : n.slice(hash));
  };
  return (typeof name === 'string' ? add(name) : name.map(add)) as N;
}

/** A web stream of text as a Node Readable of UTF-8 bytes, for a server's response. */
export async function nodeReadable(stream: ReadableStream<string>): Promise<import('node:stream').Readable> {
  const { Readable } = await import('node:stream');
  return Readable.fromWeb(stream.pipeThrough(new TextEncoderStream()) as unknown as import('node:stream/web').ReadableStream);
}

/**
 * Per request, the render's language and time zone (what Django's
 * LocaleMiddleware and a time-zone middleware decide): the view engines take
 * a `locale(request)` option that gives them from the framework's request.
 */
export type LocaleOf = (request: unknown) => { language?: string; timeZone?: string } | undefined;

/** The render options for a request: the request `{% querystring %}` reads, and its locale. */
export function renderOptionsFor(request: unknown, frameworkRequest: unknown, locale: LocaleOf | undefined): { request: unknown; language?: string; timeZone?: string } {
  const chosen = locale?.(frameworkRequest);
  return { request: djangoRequest(request), language: chosen?.language, timeZone: chosen?.timeZone };
}
