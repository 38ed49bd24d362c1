/**
 * `npm run bench:ci`: the regression benchmarks (bench/regression.ts), each figure the best of
 * CHECK_PROCESSES fresh processes. Writes bench/results.json (with every process's figures),
 * prints the comparison with bench/baseline.json and exits 1 when a figure regressed beyond
 * the tolerance. `npm run bench:baseline` (`--update-baseline`) measures in
 * BASELINE_PROCESSES processes and rewrites the baseline with their medians: the only way it
 * changes.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../src/files.js';
import { combineProcesses, compareFigures, type Figures, formatComparison, measureFigures, type ProcessAggregate, TOLERANCE } from './regression.js';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline.json', import.meta.url));
const CHECK_PROCESSES = 3;
const BASELINE_PROCESSES = 5;
/** Marks a measuring process: it prints its figures as JSON and nothing else. */
const PROCESS_FLAG = '--measure-in-this-process';

function writeJson(path: string, value: unknown): void {
  writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The figures of `count` processes run one after another (never side by side: they would slow each other). */
function measureInProcesses(count: number): Figures[] {
  const script = fileURLToPath(import.meta.url);
  return Array.from({ length: count }, (_, index) => {
    process.stderr.write(`bench:ci: measuring in process ${index + 1} of ${count}\n`);
    try {
      const output = execFileSync(process.execPath, [...process.execArgv, script, PROCESS_FLAG], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      return JSON.parse(output) as Figures;
    } catch (error) {
      // The process's own error is already on stderr; say which one failed, in one line.
      const status = (error as { status?: number | null }).status;
      process.stderr.write(`bench:ci: measuring process ${index + 1} of ${count} failed${status == null ? '' : ` (exit ${status})`}\n`);
      process.exit(1);
    }
  });
}

if (process.argv.includes(PROCESS_FLAG)) {
  process.stdout.write(JSON.stringify(measureFigures()));
} else {
  const updating = process.argv.includes('--update-baseline');
  const aggregate: ProcessAggregate = updating ? 'median' : 'best';
  const processes = measureInProcesses(updating ? BASELINE_PROCESSES : CHECK_PROCESSES);
  const figures = combineProcesses(processes, aggregate);
  const document = { node: process.version, measuredAt: new Date().toISOString(), tolerance: TOLERANCE, aggregate, figures, processes };
  writeJson(RESULTS, document);

  if (updating) {
    writeJson(BASELINE, document);
    process.stdout.write(`baseline updated: ${BASELINE}\n${formatComparison(compareFigures(figures, {}))}`);
  } else if (!existsSync(BASELINE)) {
    process.stderr.write(`bench:ci: no baseline at ${BASELINE}; create it with npm run bench:baseline\n`);
    process.exitCode = 1;
  } else {
    const baseline = (JSON.parse(readFileSync(BASELINE, 'utf8')) as { figures: Figures }).figures;
    const rows = compareFigures(figures, baseline);
    process.stdout.write(`each figure now: the best of ${CHECK_PROCESSES} processes; baseline: the median of its processes\n${formatComparison(rows)}`);
    const regressed = rows.filter((row) => !row.passed);
    if (regressed.length > 0) {
      process.stderr.write(`bench:ci: ${regressed.length} figure(s) regressed beyond ${TOLERANCE * 100} %: ${regressed.map((row) => row.name).join(', ')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write('bench:ci: no regression\n');
    }
  }
}
