#!/usr/bin/env node
// Entry point of the `ce-nas` command. The TypeScript sources are compiled to dist/src/ and
// the CLI bundled into dist/cli/ (a few files to load at start-up instead of some thirty) by
// `npm install` (the package's `prepare` script) or `npm run build`; without the bundle the
// compiled modules run as they are.
import { existsSync } from 'node:fs';

const entry = [new URL('../dist/cli/main.js', import.meta.url), new URL('../dist/src/cli/main.js', import.meta.url)].find((url) => existsSync(url));
if (entry === undefined) {
  process.stderr.write('ce-nas: the compiled CLI is missing; run `npm run build` in the ce-nas folder\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main();
