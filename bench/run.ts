/**
 * `npm run bench [-- NAME…]`: spec versus WebAssembly core for every kernel, as a table of
 * medians, then the Rust core against the AssemblyScript port, LaMOO and data loading times,
 * the simulator and the live service's load. NAME filters: ranks, hv, contributions, as-port,
 * lamoo, data, simulate, live; `vs-c` and `startup` (only when named) time the core and the CLI
 * against moocore (bench/vs-c.bench.ts, bench/startup.bench.ts); `vs-libsvm` (only when named)
 * times the core's SMO against libsvm through scikit-learn (bench/vs-libsvm.bench.ts).
 */

import { PORT_TABLE_HEADER, portChecksum, runPortBench } from './as-port.bench.js';
import { contributionsBench } from './contributions.bench.js';
import { runDataLoadBench } from './data-load.bench.js';
import { type BenchRow, consumedChecksum, formatRow, runKernelBench, TABLE_HEADER } from './harness.js';
import { hypervolumeBench } from './hypervolume.bench.js';
import { runLiveLoadBench } from './live-load.bench.js';
import { runLamooBench } from './lamoo.bench.js';
import { ranksBench } from './ranks.bench.js';
import { calibrationOnceMs } from './regression.js';
import { runSimulateBench } from './simulate.bench.js';
import { runStartupBench } from './startup.bench.js';
import { formatVsCRow, runVsCBench, vsCHeader } from './vs-c.bench.js';
import { runVsLibsvmBench, vsLibsvmTable } from './vs-libsvm.bench.js';

const wanted = new Set(process.argv.slice(2));
// Each section prints its heading, then each row as it is measured, here and only here: the
// runners report rows through a callback and print nothing themselves.
const printRow = (line: string): void => console.log(line);
console.log(`Node ${process.version}; medians of tinybench samples.`);
const kernelBenches = [ranksBench, hypervolumeBench, contributionsBench].filter((definition) => wanted.size === 0 || wanted.has(definition.kernel));
if (kernelBenches.length > 0) {
  console.log('\nKernels (outputs of spec and wasm compared before timing)\n');
  console.log(TABLE_HEADER);
  for (const definition of kernelBenches) {
    await runKernelBench(definition as Parameters<typeof runKernelBench>[0], (row: BenchRow) => printRow(formatRow(row)));
  }
  console.log(`\n(checksum ${consumedChecksum().toPrecision(6)})`);
}
if (wanted.size === 0 || wanted.has('as-port')) {
  console.log('\nThe Rust core, the AssemblyScript port (as-port/) and the spec on the same inputs (outputs compared first; 7 paired rounds)\n');
  console.log(PORT_TABLE_HEADER);
  await runPortBench(7, printRow);
  console.log(`\n(checksum ${portChecksum().toPrecision(6)})`);
}
if (wanted.size === 0 || wanted.has('lamoo')) {
  console.log('\nLaMOO (the spec column is empty where only the product path exists)\n');
  console.log('| task | spec median (ms) | wasm median (ms) |\n|---|---:|---:|');
  for (const row of await runLamooBench()) {
    console.log(`| ${row.task} | ${row.specMedianMs === undefined ? '—' : row.specMedianMs.toFixed(1)} | ${row.wasmMedianMs.toFixed(2)} |`);
  }
}
if (wanted.size === 0 || wanted.has('data')) {
  console.log('\nLoading bundled data (cold: first load in a fresh process running dist/, median of 5)\n');
  console.log('| data | warm median (ms) | cold median (ms) |\n|---|---:|---:|');
  for (const row of await runDataLoadBench()) {
    console.log(
      `| ${row.what} | ${row.warmMedianMs.toFixed(1)} | ${row.coldMedianMs === undefined ? 'no dist/: run npm run build' : row.coldMedianMs.toFixed(1)} |`,
    );
  }
}
if (wanted.size === 0 || wanted.has('simulate')) {
  console.log('\nSimulator: one default-scenario run per policy (8 GPUs, 40 h; runs checked to repeat exactly)\n');
  console.log('| policy | classifier | trainings | median (ms) | median run / calibration loop | runs timed |\n|---|---|---:|---:|---:|---:|');
  for (const row of runSimulateBench()) {
    console.log(
      `| ${row.policy} | ${row.kernel === 'poly' ? 'polynomial (reference)' : 'RBF'} | ${row.trainings} | ${row.medianMs.toFixed(0)} | ${row.medianCalibrations.toFixed(2)} | ${row.samples} |`,
    );
  }
  console.log(`\n(calibration loop now: ${calibrationOnceMs().toFixed(1)} ms)`);
}
if (wanted.size === 0 || wanted.has('live')) {
  console.log(`\nLive service: ce-nas serve on 127.0.0.1, autocannon with 10 connections, alternating ${3} s rounds against /health (needs dist/)\n`);
  const report = await runLiveLoadBench();
  console.log('| round | requests/s | p99 (ms) | non-2xx | errors |\n|---|---:|---:|---:|---:|');
  for (const row of report.rounds) console.log(`| ${row.what} | ${row.requestsPerS.toFixed(0)} | ${row.p99Ms} | ${row.non2xx} | ${row.errors} |`);
  const { allocation, anchor, failing } = report;
  const met = allocation.requestsPerS >= 5000 && allocation.p99Ms < 10;
  console.log(
    `\nallocation: median ${allocation.requestsPerS.toFixed(0)} requests/s, p99 ${allocation.p99Ms} ms (anchor /health: ${anchor.requestsPerS.toFixed(0)} requests/s, p99 ${anchor.p99Ms} ms); target ≥ 5000/s and p99 < 10 ms: ${met ? 'met' : 'NOT met'}`,
  );
  console.log(
    `provider failing: ${failing.requestsPerS.toFixed(0)} requests/s, p99 ${failing.p99Ms} ms, ${failing.non2xx} non-2xx, ${failing.errors} errors; ` +
      `answers stale: ${failing.staleAnswer} (${failing.staleCount} stale answers counted); the provider was asked ${failing.providerRequestsWhileFailing} times meanwhile`,
  );
}
if (wanted.has('vs-c')) {
  const binary = process.env.MOOCORE_BIN;
  console.log(`\nAgainst moocore (${binary ?? 'MOOCORE_BIN not set: ce-nas side only'}); in-process medians of rounds alternating the two sides\n`);
  console.log(vsCHeader(binary !== undefined));
  runVsCBench(binary, (row) => printRow(formatVsCRow(row)));
}
if (wanted.has('startup')) {
  console.log('\nStart-up: whole processes, run alternately in pairs (medians of 15, wall clock)\n');
  console.log('| command | ms | anchor | anchor ms | ratio |\n|---|---:|---|---:|---:|');
  for (const row of runStartupBench()) {
    console.log(`| ${row.what} | ${row.ceNasMs.toFixed(0)} | ${row.anchor} | ${row.anchorMs.toFixed(0)} | ${(row.ceNasMs / row.anchorMs).toFixed(2)} |`);
  }
}
if (wanted.has('vs-libsvm')) {
  const python = process.env.LIBSVM_PYTHON;
  console.log(`\nAgainst libsvm (${python ?? 'LIBSVM_PYTHON not set: ce-nas side only'}): the classifier trainings of a default run\n`);
  console.log(vsLibsvmTable(runVsLibsvmBench(python)));
}
