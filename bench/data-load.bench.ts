/**
 * Loading the bundled data, warm (tinybench median, module caches bypassed) and cold (first
 * load in a fresh Node process running the compiled package, median of 5):
 * - "search space": open the 15,625-architecture table and read what a simulation reads
 *   (default objectives, training and evaluation times, 12-epoch accuracy, arch strings);
 * - "search space, every column": the same with all 61 columns decompressed;
 * - "year of hourly trace": parse and validate US-CAL-CISO:2021 (8,760 rows);
 * - "space index" (the encodings and grid order the optimiser classifies) and "year of hourly
 *   trace, binary": what the simulator reads now, against computing and parsing them.
 * The cold runs of all rows alternate, round by round, so that the machine's load hits each alike.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { packageFile } from '../src/package-files.js';
import { decodeTraceBinary } from '../src/carbon/trace-binary.js';
import { readTraceFile } from '../src/carbon/trace-csv.js';
import { readSearchSpace } from '../src/data/search-space.js';

const YEAR_TRACE = 'data/carbon/US-CAL-CISO_2021.csv.gz';
const YEAR_TRACE_BINARY = 'data/carbon/US-CAL-CISO_2021.trace.gz';

export interface LoadRow {
  readonly what: string;
  readonly warmMedianMs: number;
  readonly coldMedianMs: number | undefined;
}

/** Columns a default simulation reads (MODEL.md §1–§2). */
export const SIMULATION_COLUMNS = [
  'c10_test_acc_200ep',
  'fpga_energy_mj',
  'c10valid_train_time_200ep_s',
  'c10valid_test_eval_time_200ep_s',
  'c10valid_valid_acc_12ep',
];

type Which = 'space' | 'all-columns' | 'trace' | 'both' | 'index-binary' | 'index-computed' | 'trace-binary';

const COLD_SCRIPT = `
const root = process.argv[1];
const { readSearchSpace } = await import(root + '/dist/src/data/search-space.js');
const { readTraceFile } = await import(root + '/dist/src/carbon/trace-csv.js');
const { decodeTraceBinary } = await import(root + '/dist/src/carbon/trace-binary.js');
const { readFileSync } = await import('node:fs');
const { gunzipSync } = await import('node:zlib');
const which = process.argv[2];
const columns = JSON.parse(process.argv[3]);
const start = performance.now();
if (which === 'index-binary') {
  const space = readSearchSpace();
  space.encodings();
  space.gridIndexes();
} else if (which === 'index-computed') {
  readSearchSpace().computedArrays();
} else if (which === 'trace-binary') {
  decodeTraceBinary(gunzipSync(readFileSync(root + '/${YEAR_TRACE_BINARY}')), 'lca', 'US-CAL-CISO:2021', '');
} else {
  if (which !== 'trace') {
    const space = readSearchSpace();
    for (const name of which === 'all-columns' ? space.columnNames : columns) space.column(name);
    space.archString(0);
  }
  if (which === 'trace' || which === 'both') readTraceFile(root + '/${YEAR_TRACE}');
}
console.log(performance.now() - start);
`;

/** Medians of 5 cold runs of each, in rounds that run every one once. */
function coldMediansMs(whiches: readonly Which[]): Map<Which, number> | undefined {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(`${root}/dist/src/data/search-space.js`)) return undefined;
  const samples = new Map<Which, number[]>(whiches.map((which) => [which, []]));
  for (let round = 0; round < 5; round++) {
    for (const which of whiches) {
      const ms = Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', COLD_SCRIPT, root, which, JSON.stringify(SIMULATION_COLUMNS)], { encoding: 'utf8' }),
      );
      samples.get(which)!.push(ms);
    }
  }
  return new Map([...samples].map(([which, values]) => [which, [...values].sort((a, b) => a - b)[2]!]));
}

export async function runDataLoadBench(): Promise<LoadRow[]> {
  const tracePath = packageFile(YEAR_TRACE);
  const binaryPath = packageFile(YEAR_TRACE_BINARY);
  const openSpace = (columns: 'simulation' | 'all') => {
    const space = readSearchSpace();
    for (const name of columns === 'all' ? space.columnNames : SIMULATION_COLUMNS) space.column(name);
    space.archString(0);
  };
  const tasks: [string, Which, () => void][] = [
    ['search space', 'space', () => openSpace('simulation')],
    ['search space, every column', 'all-columns', () => openSpace('all')],
    ['year of hourly trace', 'trace', () => void readTraceFile(tracePath)],
    ['search space + year of hourly trace', 'both', () => (openSpace('simulation'), void readTraceFile(tracePath))],
    ['search space + its index, computed from the op codes', 'index-computed', () => void readSearchSpace().computedArrays()],
    [
      'search space + its index, binary (what the simulator reads)',
      'index-binary',
      () => (readSearchSpace().encodings(), void readSearchSpace().gridIndexes()),
    ],
    [
      'year of hourly trace, binary (what the simulator reads)',
      'trace-binary',
      () => void decodeTraceBinary(gunzipSync(readFileSync(binaryPath)), 'lca', 'US-CAL-CISO:2021', ''),
    ],
  ];
  const cold = coldMediansMs(tasks.map(([, which]) => which));
  const rows: LoadRow[] = [];
  for (const [what, which, task] of tasks) {
    const bench = new Bench({ time: 1000, iterations: 10, warmupIterations: 2, throws: true });
    bench.add(what, task);
    await bench.run();
    const warm = bench.tasks[0]?.result?.latency.p50;
    if (warm === undefined) throw new Error(`bench ${what}: no result`);
    rows.push({ what, warmMedianMs: warm, coldMedianMs: cold?.get(which) });
  }
  return rows;
}
