#!/usr/bin/env node
// Entry point of the `ce-nas` command; the TypeScript sources are compiled to dist/ by
// `npm install` (the package's `prepare` script) or `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ce-nas: the compiled CLI is missing; run `npm run build` in the ce-nas folder\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main();
