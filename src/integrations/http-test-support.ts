/**
 * What the framework tests share: the fixture templates, the URL routes they
 * reverse, the page they all render, and starting, stopping and fetching
 * from a server on loopback (bounded by timeouts).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UrlResolver } from '../index.js';

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'templates');

const routes: Record<string, (...args: unknown[]) => string> = {
  home: () => '/',
  article: (year, slug) => `/articles/${year}/${slug}/`,
};
export const urlResolver: UrlResolver = (name, args, kwargs) => routes[name]?.(...(args.length ? args : Object.values(kwargs)));

/** fixtures/page.html as every framework renders it for the same request. */
export const PAGE =
  '<!doctype html>\n<title>Hello World | Site</title>\n' +
  '<nav><a href="/">Home</a> <a href="/articles/2024/hello-world/">Article</a></nav>\n\n' +
  '<main>\n<h1>&lt;b&gt;Hi&lt;/b&gt;</h1>\n<p>ADA at Site &amp; Co; a&amp;b, c</p>\n' +
  '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="tok-1"></form>\n' +
  '<a href="?q=x&amp;page=2">next</a>\n</main>\n';

export async function listen(server: Server): Promise<string> {
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function close(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}
