/**
 * The headline's guard: every policy's energy and carbon, recomputed from its intervals file
 * with a plain integrator written here (no code shared with the ledger, the integrator or the
 * spec), with idle power > 0, PUE > 1 and a 15-minute trace with gaps. The intervals must
 * tile the run and agree with what each activity is (a busy interval names its architecture).
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './support/run-cli.js';

const STEP_S = 900;
const T0_S = Date.UTC(2021, 2, 1) / 1000;
const ROWS = 4 * 24 * 4; // four days of 15-minute rows
/** Rows left out: the row before each gap holds across it. */
const GAP_ROWS = new Set([37, 38, 39, 150, 151, 290]);
const BUSY_W = 250;
const IDLE_W = 60;
const PUE = 1.4;

interface Row {
  readonly timeS: number;
  readonly intensity: number;
}

function traceRows(): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < ROWS; k++) {
    if (GAP_ROWS.has(k)) continue;
    const hour = (k * STEP_S) / 3600;
    // A daily cycle with a deterministic wobble; never negative.
    rows.push({ timeS: T0_S + k * STEP_S, intensity: Math.round((220 + 140 * Math.sin((2 * Math.PI * hour) / 24) + 37 * Math.sin(k * 1.7)) * 100) / 100 });
  }
  return rows;
}

/** ∫ CI dt over [fromS, toS]: each row holds until the next row starts; the last one for one step. */
function integral(rows: readonly Row[], fromS: number, toS: number): number {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) {
    const rowStart = rows[k]!.timeS;
    const rowEnd = k + 1 < rows.length ? rows[k + 1]!.timeS : rowStart + STEP_S;
    const overlap = Math.min(toS, rowEnd) - Math.max(fromS, rowStart);
    if (overlap > 0) sum += rows[k]!.intensity * overlap;
  }
  return sum;
}

interface Interval {
  readonly gpu: number;
  readonly activity: string;
  readonly startS: number;
  readonly endS: number;
  readonly architecture: string;
}

function readIntervals(path: string): Interval[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  expect(header).toBe('gpu,activity,start_s,end_s,architecture');
  return lines.map((line) => {
    const [gpu, activity, start, end, architecture] = line.split(',');
    return { gpu: Number(gpu), activity: activity!, startS: Number(start), endS: Number(end), architecture: architecture ?? '' };
  });
}

const relativeTolerance = 1e-9;
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relativeTolerance * Math.max(1, Math.abs(expected)));
}

describe('energy and carbon recomputed from the intervals (independent oracle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-oracle-'));
  const rows = traceRows();
  const tracePath = join(dir, 'quarter-hours.csv');
  writeFileSync(tracePath, ['datetime,carbon_intensity', ...rows.map((row) => `${new Date(row.timeS * 1000).toISOString()},${row.intensity}`)].join('\n'));
  const out = join(dir, 'results');
  const startS = T0_S + 6 * 3600;
  const hours = 30;
  const gpus = 4;
  const argv = [
    'simulate',
    '--trace',
    tracePath,
    '--start',
    new Date(startS * 1000).toISOString(),
    '--hours',
    String(hours),
    '--gpus',
    String(gpus),
    '--seed',
    '3',
    '--kernel',
    'rbf',
    '--set',
    'allowGaps=true',
    '--set',
    `power.busyW=${BUSY_W}`,
    '--set',
    `power.idleW=${IDLE_W}`,
    '--set',
    `power.pue=${PUE}`,
    '--out',
    out,
  ];
  const ran = runCliCaptured(argv);

  it('should run every policy on the gappy 15-minute trace', async () => {
    const result = await ran;
    expect(result.stderr).not.toMatch(/unexpected/);
    expect(result.code).toBe(0);
  });

  const slugs = ['cenas-reference', 'vanilla', 'oneshot', 'random', 'fixed-matched'];
  for (const slug of slugs) {
    it(`should reproduce ${slug}'s energy and carbon from its intervals, which tile the run`, async () => {
      expect((await ran).code).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        runs: { policy: string; energyKwh: number; carbonKg: number; byAccountingMode: Record<string, { energyKwh: number; carbonKg: number }> }[];
      };
      const intervals = readIntervals(join(out, `${slug}.intervals.csv`));
      const run = summary.runs[slugs.indexOf(slug)]!;

      // Tiling: each GPU's intervals follow one another without gap or overlap, from the run's
      // start (the search start, or the supernet's training before it) to the budget's end.
      const runStart = Math.min(...intervals.map((i) => i.startS));
      for (let gpu = 0; gpu < gpus; gpu++) {
        const own = intervals.filter((i) => i.gpu === gpu).sort((a, b) => a.startS - b.startS);
        expect(own[0]!.startS).toBe(runStart);
        own.slice(1).forEach((interval, k) => expect(interval.startS).toBe(own[k]!.endS));
        expectClose(own[own.length - 1]!.endS, hours * 3600);
        for (const interval of own) expect(interval.endS).toBeGreaterThan(interval.startS);
      }
      // Activities: busy intervals name an architecture, idle and supernet ones do not.
      for (const interval of intervals) {
        expect(['training', 'sampling', 'idle', 'supernet']).toContain(interval.activity);
        expect(interval.architecture !== '').toBe(interval.activity === 'training' || interval.activity === 'sampling');
      }

      let energyKwh = 0;
      let carbonKg = 0;
      let referenceKwh = 0;
      let referenceKg = 0;
      for (const interval of intervals) {
        const fromS = startS + interval.startS;
        const toS = startS + interval.endS;
        const watts = (interval.activity === 'idle' ? IDLE_W : BUSY_W) * PUE;
        energyKwh += (watts * (toS - fromS)) / 3.6e6;
        carbonKg += (watts * integral(rows, fromS, toS)) / 3.6e9;
        if (interval.activity === 'training') {
          referenceKwh += (1000 * (toS - fromS)) / 3.6e6;
          referenceKg += (1000 * integral(rows, fromS, toS)) / 3.6e9;
        }
      }
      expect(energyKwh).toBeGreaterThan(0);
      expectClose(run.energyKwh, energyKwh);
      expectClose(run.carbonKg, carbonKg);
      expectClose(run.byAccountingMode['reference-code']!.energyKwh, referenceKwh);
      expectClose(run.byAccountingMode['reference-code']!.carbonKg, referenceKg);
    });
  }
});

describe('a carbon budget, checked by the same oracle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-budget-'));
  const rows = traceRows();
  const tracePath = join(dir, 'quarter-hours.csv');
  writeFileSync(tracePath, ['datetime,carbon_intensity', ...rows.map((row) => `${new Date(row.timeS * 1000).toISOString()},${row.intensity}`)].join('\n'));
  const out = join(dir, 'results');
  const startS = T0_S + 6 * 3600;
  const budgetKg = 2.5;
  const hours = 30;
  const gpus = 4;
  const slugs = ['cenas-reference', 'vanilla', 'oneshot', 'fixed-matched'];
  const ran = runCliCaptured([
    'simulate',
    ...['--trace', tracePath, '--start', new Date(startS * 1000).toISOString(), '--hours', String(hours), '--gpus', String(gpus), '--seed', '3'],
    ...['--kernel', 'rbf', '--policy', 'cenas,vanilla,oneshot,fixed:matched', '--set', 'allowGaps=true', '--set', `power.busyW=${BUSY_W}`],
    ...['--set', `power.idleW=${IDLE_W}`, '--set', `power.pue=${PUE}`, '--set', `carbonBudgetKg=${budgetKg}`, '--out', out],
  ]);

  for (const slug of slugs) {
    it(`should end ${slug} the instant its intervals have cost the budget`, async () => {
      const result = await ran;
      expect(result.stderr).not.toMatch(/unexpected/);
      expect(result.code).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { runs: { carbonKg: number; endedBy: string }[] };
      const run = summary.runs[slugs.indexOf(slug)]!;
      const intervals = readIntervals(join(out, `${slug}.intervals.csv`));
      const stopS = Math.max(...intervals.map((i) => i.endS));
      expect(stopS).toBeLessThan(hours * 3600);
      for (let gpu = 0; gpu < gpus; gpu++) expect(Math.max(...intervals.filter((i) => i.gpu === gpu).map((i) => i.endS))).toBe(stopS);
      let carbonKg = 0;
      for (const interval of intervals) {
        const watts = (interval.activity === 'idle' ? IDLE_W : BUSY_W) * PUE;
        carbonKg += (watts * integral(rows, startS + interval.startS, startS + interval.endS)) / 3.6e9;
      }
      expectClose(carbonKg, budgetKg);
      expectClose(run.carbonKg, budgetKg);
      expect(run.endedBy).toBe('carbon');
    });
  }
});
