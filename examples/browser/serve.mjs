// `npm run example:browser`: bundles reinhardt/browser with esbuild into
// examples/browser/dist/ and serves this page, the bundle and the templates
// on http://127.0.0.1:8080/ (PORT to change it). Ctrl-C stops it.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowser, kilobytes } from '../../scripts/bundle-browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// Templates compile with `new Function`: the policy must allow 'unsafe-eval'.
export const CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** A file under `root` for a URL path, or undefined (missing, or leaving `root`). */
function under(root, urlPath) {
  let path;
  try {
    path = resolve(root, `.${decodeURIComponent(urlPath)}`);
  } catch {
    return undefined;
  }
  return path.startsWith(resolve(root) + sep) && existsSync(path) && statSync(path).isFile() ? path : undefined;
}

function route(path, bundleDir) {
  if (path === '/') return join(here, 'index.html');
  if (['/app.js', '/data.mjs', '/style.css'].includes(path)) return join(here, path);
  if (path.startsWith('/reinhardt/')) return under(bundleDir, path.slice('/reinhardt'.length));
  if (path.startsWith('/templates/')) return under(join(here, 'templates'), path.slice('/templates'.length));
  return undefined;
}

/** Bundle, then serve; resolves to the server, its URL and the bundle's sizes. */
export async function start({ port = 8080, host = '127.0.0.1', bundleDir = join(here, 'dist') } = {}) {
  const bundle = await bundleBrowser(bundleDir);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = route(path, bundleDir);
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  return { server, url: `http://${host}:${server.address().port}/`, bundle };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url, bundle } = await start({ port: Number(process.env.PORT ?? 8080) });
  console.log(`reinhardt/browser bundle: ${kilobytes(bundle.minified)} minified, ${kilobytes(bundle.gzipped)} gzipped`);
  console.log(`Browser example on ${url}  (Ctrl-C to stop)`);
}
