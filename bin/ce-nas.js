#!/usr/bin/env node
// Entry point of the `ce-nas` command, CommonJS (bin/package.json) so that `ce-nas hv` and
// `ranks` start without Node's ES module loader. The TypeScript sources are compiled to
// dist/src/ and the CLI bundled into dist/cli/ by `npm install` (the package's `prepare`
// script) or `npm run build` (scripts/bundle-cli.mjs): hv and ranks run from one CommonJS
// file, dist/cli/pareto.cjs; every other command from dist/cli/main.js and its chunks.
// Without the bundle the compiled modules run as they are.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose */
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// The command's name, found as commandNameOf in src/cli/main.ts finds it.
const words = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const command = words[0] === 'help' ? words[1] : words[0];
const dist = join(__dirname, '..', 'dist');
const pareto = join(dist, 'cli', 'pareto.cjs');
if ((command === 'hv' || command === 'ranks') && existsSync(pareto)) {
  void require(pareto).main();
} else {
  const entry = [join(dist, 'cli', 'main.js'), join(dist, 'src', 'cli', 'main.js')].find((file) => existsSync(file));
  if (entry === undefined) {
    process.stderr.write('ce-nas: the compiled CLI is missing; run `npm run build` in the ce-nas folder\n');
    process.exit(1);
  }
  void import(pathToFileURL(entry).href).then(({ main }) => main());
}
