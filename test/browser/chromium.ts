/**
 * What the browser tests share: Debian's Chromium driven by playwright-core,
 * and a loopback HTTP server for the page, the bundle and the templates.
 * Both are bounded: every wait has a timeout, and the server closes itself
 * if a test forgets to.
 *
 * A missing Chromium fails the tests that need it, loudly: `.ci/run`
 * installs Debian's `chromium` package, and so can you (`apt-get install
 * chromium`, or CHROMIUM=/path/to/chrome).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * The flags that keep Chromium quiet on a closed network: no background
 * connections (component updates, sync, QUIC probes) that would be refused
 * and retried.
 */
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, removed on close. */
export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium, as .ci/run does; or set CHROMIUM).`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'reinhardt-chromium-'));
  // A persistent context is how playwright takes a user data dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

/** A file under `root` by URL path, or undefined when there is none or the path leaves it. */
export function fileUnder(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = resolve(root, `.${decodeURIComponent(urlPath)}`);
  } catch {
    return undefined;
  }
  if (!path.startsWith(resolve(root) + sep) || !existsSync(path) || !statSync(path).isFile()) return undefined;
  return path;
}

/** Send a file with its content type, or a 404. */
export function sendFile(res: ServerResponse, path: string | undefined, headers: Record<string, string> = {}): void {
  if (path === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
  res.end(readFileSync(path));
}

export interface Served {
  readonly url: string;
  /** The paths requested, in order. */
  readonly requested: readonly string[];
  close(): Promise<void>;
}

/** Serve on a free loopback port; closes itself after `lifetime` ms at the latest. */
export async function serve(handle: (req: IncomingMessage, res: ServerResponse, path: string) => void, lifetime = 120_000): Promise<Served> {
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requested.push(path);
    try {
      handle(req, res, path);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const close = (): Promise<void> => {
    server.closeAllConnections();
    return new Promise((done) => server.close(() => done()));
  };
  setTimeout(() => void close(), lifetime).unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requested, close };
}
