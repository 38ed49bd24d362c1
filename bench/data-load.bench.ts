/**
 * Loading the bundled data, warm (tinybench median, module caches bypassed) and cold (first
 * load in a fresh Node process running the compiled package, median of 5):
 * - "search space": open the 15,625-architecture table and read what a simulation reads
 *   (default objectives, training and evaluation times, 12-epoch accuracy, arch strings);
 * - "search space, every column": the same with all 61 columns decompressed;
 * - "year of hourly trace": parse and validate US-CAL-CISO:2021 (8,760 rows).
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { packageFile } from '../src/package-files.js';
import { readTraceFile } from '../src/carbon/trace-csv.js';
import { readSearchSpace } from '../src/data/search-space.js';

const YEAR_TRACE = 'data/carbon/US-CAL-CISO_2021.csv.gz';

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

type Which = 'space' | 'all-columns' | 'trace' | 'both';

const COLD_SCRIPT = `
const root = process.argv[1];
const { readSearchSpace } = await import(root + '/dist/src/data/search-space.js');
const { readTraceFile } = await import(root + '/dist/src/carbon/trace-csv.js');
const which = process.argv[2];
const columns = JSON.parse(process.argv[3]);
const start = performance.now();
if (which !== 'trace') {
  const space = readSearchSpace();
  for (const name of which === 'all-columns' ? space.columnNames : columns) space.column(name);
  space.archString(0);
}
if (which === 'trace' || which === 'both') readTraceFile(root + '/${YEAR_TRACE}');
console.log(performance.now() - start);
`;

function coldMedianMs(which: Which): number | undefined {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(`${root}/dist/src/data/search-space.js`)) return undefined;
  const samples = Array.from({ length: 5 }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', COLD_SCRIPT, root, which, JSON.stringify(SIMULATION_COLUMNS)], { encoding: 'utf8' })),
  ).sort((a, b) => a - b);
  return samples[2];
}

export async function runDataLoadBench(): Promise<LoadRow[]> {
  const tracePath = packageFile(YEAR_TRACE);
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
  ];
  const rows: LoadRow[] = [];
  for (const [what, which, task] of tasks) {
    const bench = new Bench({ time: 1000, iterations: 10, warmupIterations: 2, throws: true });
    bench.add(what, task);
    await bench.run();
    const warm = bench.tasks[0]?.result?.latency.p50;
    if (warm === undefined) throw new Error(`bench ${what}: no result`);
    rows.push({ what, warmMedianMs: warm, coldMedianMs: coldMedianMs(which) });
  }
  return rows;
}
