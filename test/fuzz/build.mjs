// Compiles the fuzzers and what they import (the engine, the conformance
// suite's runner) into .cache/fuzz, incrementally, and copies the data the
// suite's runner reads beside its module (its routes and catalogs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'test', 'fuzz', 'tsconfig.json')], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
mkdirSync(join(root, '.cache', 'fuzz', 'spec'), { recursive: true });
copyFileSync(join(root, 'spec', 'urls.json'), join(root, '.cache', 'fuzz', 'spec', 'urls.json'));
cpSync(join(root, 'spec', 'locale'), join(root, '.cache', 'fuzz', 'spec', 'locale'), { recursive: true });
