/**
 * `npm run bench [-- KERNEL…]`: spec versus WebAssembly core for every kernel, as a table of
 * medians. KERNEL filters: ranks, hv, contributions.
 */

import { contributionsBench } from './contributions.bench.js';
import { type BenchRow, consumedChecksum, formatRow, runKernelBench, TABLE_HEADER } from './harness.js';
import { hypervolumeBench } from './hypervolume.bench.js';
import { ranksBench } from './ranks.bench.js';

const wanted = new Set(process.argv.slice(2));
const rows: BenchRow[] = [];
for (const definition of [ranksBench, hypervolumeBench, contributionsBench] as const) {
  if (wanted.size > 0 && !wanted.has(definition.kernel)) continue;
  rows.push(...(await runKernelBench(definition as Parameters<typeof runKernelBench>[0])));
}
console.log(`Node ${process.version}; medians of tinybench samples; outputs of spec and wasm compared before timing.\n`);
console.log(TABLE_HEADER);
for (const row of rows) console.log(formatRow(row));
console.log(`\n(checksum ${consumedChecksum().toPrecision(6)})`);
