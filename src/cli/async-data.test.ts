import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { main } from './main.js';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

test('a data module may hold Promises, async functions and async iterables', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reinhardt-cli-async-'));
  folders.push(root);
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  };
  write('templates/index.html', '{{ title }}:{% for p in posts %}{{ p }},{% endfor %}{{ count }}');
  write('data.mjs', `
    async function* posts() { yield 'a'; yield 'b'; }
    export default async () => ({ title: Promise.resolve('T'), posts: posts(), count: async () => 2 });
  `);
  const out = { text: '', isTTY: false, write(t: string) { this.text += t; } };
  const code = await main(['render', 'templates', '--data', 'data.mjs', '--out', 'out'], { cwd: root, stdout: out, stderr: out });
  expect(code).toBe(0);
  expect(readFileSync(join(root, 'out', 'index.html'), 'utf8')).toBe('T:a,b,2');
});
