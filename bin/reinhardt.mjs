#!/usr/bin/env node
// The `reinhardt` command: see `reinhardt --help`.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
