import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { md5Hex } from './crypto.js';

const utf8 = new TextEncoder();

test('md5Hex is the MD5 of node:crypto, for every padding case and split', () => {
  expect(md5Hex([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
  expect(md5Hex([utf8.encode('1:1,')])).toBe(createHash('md5').update('1:1,').digest('hex'));
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let length = 0; length < 300; length++) {
    const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
    const cut = Math.floor(random() * (length + 1));
    expect(md5Hex([bytes.subarray(0, cut), bytes.subarray(cut)]), `${length} bytes`).toBe(createHash('md5').update(bytes).digest('hex'));
  }
  const text = utf8.encode('ünïcödé 🎸 '.repeat(1000));
  expect(md5Hex([text])).toBe(createHash('md5').update(text).digest('hex'));
});
