/**
 * A worker thread of `reinhardt render`: its own engine (compiled templates
 * are not shared between threads), the site's data, and batches of pages to
 * render and write, answered with the errors met.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadData, siteData } from './data.js';
import { PageRenderer, errorInfo, siteEngine, type PageError, type WorkerMessage, type WorkerSetup } from './render.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;

const ready = (async () => {
  const data = setup.data !== undefined ? siteData(setup.data) : await loadData(setup.dataFile, setup.sitePages);
  return new PageRenderer(setup.outDir, data, siteEngine(setup.templatesDir, { debug: setup.debug, locale: setup.locale }));
})();
// Reported with the first batch, not as an unhandled rejection.
ready.catch(() => {});

port.on('message', async (pages: string[]) => {
  let renderer: PageRenderer;
  try {
    renderer = await ready;
  } catch (e) {
    port.postMessage({ type: 'fatal', error: errorInfo(e) } satisfies WorkerMessage);
    return;
  }
  const errors: PageError[] = [];
  for (const page of pages) {
    const error = await renderer.render(page);
    if (error) errors.push(error);
  }
  port.postMessage({ type: 'done', count: pages.length, errors } satisfies WorkerMessage);
});
