/**
 * What a fresh memory page costs on this machine, run by workload.mjs in a
 * fresh Node process:
 *   node bench/pages.mjs
 * Touches one byte in each 4 KB page of a new 64 MB buffer (the kernel maps
 * and zeroes each page on its first touch), then touches them all again.
 * On a virtual machine whose host takes back freed memory (a balloon
 * device), the first touch can cost tens of microseconds: every time V8's
 * heap grows into memory it gave back, it pays that per page, which shows
 * in the cold start and in large pages (see bench/README.md).
 */
import { report } from './lib.mjs';

const PAGE = 4096;
const firsts = [];
const agains = [];
for (let round = 0; round < 3; round++) {
  const buffer = Buffer.alloc(64 << 20);
  const pages = buffer.length / PAGE;
  const t0 = performance.now();
  for (let i = 0; i < buffer.length; i += PAGE) buffer[i] = 1;
  const t1 = performance.now();
  for (let i = 0; i < buffer.length; i += PAGE) buffer[i] = 2;
  const t2 = performance.now();
  firsts.push(((t1 - t0) * 1000) / pages);
  agains.push(((t2 - t1) * 1000) / pages);
}
report({ firstTouchUs: Math.min(...firsts), againUs: Math.min(...agains) });
