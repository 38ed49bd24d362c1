/**
 * `npm run bench:ci`: the regression benchmarks (bench/regression.ts). Writes
 * bench/results.json, prints the comparison with bench/baseline.json and exits 1 when a
 * figure regressed beyond the tolerance. `npm run bench:baseline` (`--update-baseline`)
 * measures and rewrites the baseline: the only way it changes.
 */

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../src/files.js';
import { compareFigures, type Figures, formatComparison, measureFigures, TOLERANCE } from './regression.js';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline.json', import.meta.url));

function writeJson(path: string, value: unknown): void {
  writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

const figures: Figures = measureFigures();
const document = { node: process.version, measuredAt: new Date().toISOString(), tolerance: TOLERANCE, figures };
writeJson(RESULTS, document);

if (process.argv.includes('--update-baseline')) {
  writeJson(BASELINE, document);
  process.stdout.write(`baseline updated: ${BASELINE}\n${formatComparison(compareFigures(figures, {}))}`);
} else if (!existsSync(BASELINE)) {
  process.stderr.write(`bench:ci: no baseline at ${BASELINE}; create it with npm run bench:baseline\n`);
  process.exitCode = 1;
} else {
  const baseline = (JSON.parse(readFileSync(BASELINE, 'utf8')) as { figures: Figures }).figures;
  const rows = compareFigures(figures, baseline);
  process.stdout.write(formatComparison(rows));
  const regressed = rows.filter((row) => !row.passed);
  if (regressed.length > 0) {
    process.stderr.write(`bench:ci: ${regressed.length} figure(s) regressed beyond ${TOLERANCE * 100} %: ${regressed.map((row) => row.name).join(', ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('bench:ci: no regression\n');
  }
}
