#!/usr/bin/env node
// The `reinhardt` command: see `reinhardt --help`.
// The bundled build (scripts/bundle.mjs): the same classes as `reinhardt` and
// `reinhardt/runtime`, so a user's library or precompiled module is understood.
import { main } from '../dist/bundle/cli.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
