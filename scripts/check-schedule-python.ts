/**
 * Compares examples/python-impl/schedule.py (the conformance kit's `schedule`, written from its
 * specification) with the product's `runSchedule` on seeded random cases, and checks that each
 * of the Python's mutants disagrees somewhere.
 *
 *   npx tsx scripts/check-schedule-python.ts [--cases 2000] [--seed 1] [--mutants]
 *
 * Numbers are compared relative 1e-9 (|a − e| ≤ 1e-9 · max(1, |e|)), ids, activities and GPU
 * indices exactly.
 */

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/random.js';
import { runSchedule, type ScheduleCase, type ScheduleResult } from '../src/sim/scripted.js';

/** The Python under test (SCHEDULE_PY overrides it, to try a variant). */
export const PYTHON_SCHEDULE = process.env.SCHEDULE_PY ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'python-impl', 'schedule.py');
export const MUTANTS = ['preemption-order', 'resume-overhead', 'idle-charging'] as const;
export type Mutant = (typeof MUTANTS)[number];

const TOLERANCE = 1e-9;

function uniform(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random.float();
}

function between(random: Random, lo: number, hi: number): number {
  return lo + random.int(hi - lo + 1);
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.int(values.length)]!;
}

/** One random case; `round` cases use coarse values so that events often coincide. */
export function randomCase(seed: number): ScheduleCase {
  const random = new Random(seed);
  const round = random.float() < 0.5;
  const value = (lo: number, hi: number, step: number): number =>
    round ? Math.max(lo, Math.round(uniform(random, lo, hi) / step) * step) : uniform(random, lo, hi);
  const gpus = between(random, 1, 6);
  const count = between(random, 2, 30);
  // Objectives and estimates on a small grid half the time, so that ties and duplicates occur.
  const grid = random.float() < 0.5;
  const point = (): number[] => (grid ? [between(random, 0, 4), between(random, 0, 4)] : [uniform(random, 0, 10), uniform(random, 0, 10)]);
  const architectures = Array.from({ length: count }, () => {
    const objectives = point();
    return {
      trainingS: value(50, 20000, 50),
      samplingS: value(1, 500, 10),
      estimate: random.float() < 0.3 ? [...objectives] : point(),
      objectives,
    };
  });
  const ids = Array.from({ length: count }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const proposals = ids.slice(0, between(random, 1, count));
  const initialSamples = between(random, 1, Math.min(proposals.length, gpus + 2));
  const startS = random.float() < 0.5 ? 0 : value(0, 5000, 100);
  const endS = startS + value(1000, 60000, 100);
  // A quarter of the cases swing between all-sampling and all-evaluating, which cuts estimates short.
  const swing = random.float() < 0.25;
  const shares = Array.from({ length: between(random, 1, 8) }, () => (swing ? pick(random, [0, 1]) : pick(random, [0, 0.25, 0.5, 1, random.float()])));
  const rows = between(random, 1, 50);
  const traceStart = startS - (random.float() < 0.5 ? 0 : value(0, 3000, 100));
  const traceEnd = endS + (random.float() < 0.5 ? 0 : value(0, 3000, 100));
  const cuts = Array.from({ length: rows - 1 }, () =>
    round ? Math.round(uniform(random, traceStart, traceEnd) / 100) * 100 : uniform(random, traceStart, traceEnd),
  );
  const timesS = [...new Set([traceStart, ...cuts])].filter((t) => t >= traceStart && t < traceEnd).sort((a, b) => a - b);
  const reference = random.float() < 0.8 ? [grid ? 5 : 11, grid ? 5 : 11] : [uniform(random, 2, 10), uniform(random, 2, 10)];
  return {
    gpus,
    startS,
    endS,
    epochS: value(600, 3600, 300),
    initialSamples,
    queueCapacity: between(random, 1, 10),
    resumeOverheadS: random.float() < 0.2 ? 0 : value(0, 300, 50),
    allocation: { rounding: pick(random, ['reference', 'nearest'] as const), minEvaluationGpus: between(random, 0, 2) },
    power: { busyW: uniform(random, 100, 400), idleW: uniform(random, 10, 80), pue: random.float() < 0.1 ? 1 : uniform(random, 1.05, 1.8) },
    trace: { timesS, intensityGPerKwh: timesS.map(() => (round ? between(random, 50, 500) : uniform(random, 50, 500))), endS: traceEnd },
    architectures,
    proposals,
    samplingShares: shares,
    reference,
  };
}

/** Runs the Python on every case (one process), with the given mutant or none. */
export function runPython(cases: readonly ScheduleCase[], mutant?: Mutant): ScheduleResult[] {
  return runPythonRequests(cases.map((args) => ({ args, mutant })));
}

/** Runs the Python on every request, each with its own mutant, in one process. */
export function runPythonRequests(requests: readonly { args: ScheduleCase; mutant?: Mutant | undefined }[]): ScheduleResult[] {
  const input = JSON.stringify(requests.map(({ args, mutant }) => ({ args, mutant: mutant ?? null })));
  const child = spawnSync('python3', [PYTHON_SCHEDULE], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (child.status !== 0) throw new Error(`python3 ${PYTHON_SCHEDULE} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ScheduleResult[];
}

function close(actual: unknown, expected: number): boolean {
  return typeof actual === 'number' && Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
}

/** The first difference between the Python's result and the product's, or undefined. */
export function difference(actual: ScheduleResult, expected: ScheduleResult): string | undefined {
  if (actual.intervals.length !== expected.intervals.length) {
    const firstOff = expected.intervals.findIndex((e, k) => JSON.stringify(e) !== JSON.stringify(actual.intervals[k]));
    return `intervals: ${actual.intervals.length} vs ${expected.intervals.length} expected; first differing #${firstOff}: ${JSON.stringify(actual.intervals[firstOff])} vs ${JSON.stringify(expected.intervals[firstOff])}`;
  }
  for (let k = 0; k < expected.intervals.length; k++) {
    const [g, activity, startS, endS, arch] = expected.intervals[k]!;
    const got = actual.intervals[k]!;
    if (got[0] !== g || got[1] !== activity || got[4] !== arch || !close(got[2], startS) || !close(got[3], endS)) {
      return `interval #${k}: ${JSON.stringify(got)} vs ${JSON.stringify(expected.intervals[k])} expected`;
    }
  }
  if (!close(actual.energyKwh, expected.energyKwh)) return `energyKwh: ${actual.energyKwh} vs ${expected.energyKwh} expected`;
  if (!close(actual.carbonKg, expected.carbonKg)) return `carbonKg: ${actual.carbonKg} vs ${expected.carbonKg} expected`;
  if (JSON.stringify(actual.trainings) !== JSON.stringify(expected.trainings)) {
    return `trainings: ${JSON.stringify(actual.trainings)} vs ${JSON.stringify(expected.trainings)} expected`;
  }
  if (actual.progress.length !== expected.progress.length) return `progress: ${actual.progress.length} entries vs ${expected.progress.length} expected`;
  for (let k = 0; k < expected.progress.length; k++) {
    const [t, hv] = expected.progress[k]!;
    const got = actual.progress[k]!;
    if (!close(got[0], t) || !close(got[1], hv)) return `progress #${k}: ${JSON.stringify(got)} vs ${JSON.stringify(expected.progress[k])} expected`;
  }
  return undefined;
}

/** A size for "smallest counterexample": GPUs, proposals, trace rows and shares. */
export function caseSize(c: ScheduleCase): number {
  return c.gpus * 1000 + c.proposals.length * 10 + c.architectures.length + c.trace.timesS.length + c.samplingShares.length;
}

export interface Comparison {
  readonly cases: number;
  readonly agreed: number;
  readonly failures: { seed: number; why: string }[];
}

export function compare(seeds: readonly number[], mutant?: Mutant): Comparison & { smallest: { seed: number; case: ScheduleCase; why: string } | undefined } {
  const cases = seeds.map(randomCase);
  const actual = runPython(cases, mutant);
  const failures: { seed: number; why: string }[] = [];
  let smallest: { seed: number; case: ScheduleCase; why: string } | undefined;
  cases.forEach((c, k) => {
    const why = difference(actual[k]!, runSchedule(c));
    if (why === undefined) return;
    failures.push({ seed: seeds[k]!, why });
    if (smallest === undefined || caseSize(c) < caseSize(smallest.case)) smallest = { seed: seeds[k]!, case: c, why };
  });
  return { cases: cases.length, agreed: cases.length - failures.length, failures, smallest };
}

/** Drops the architectures no proposal names, renumbering the rest. */
function pruned(c: ScheduleCase): ScheduleCase {
  const kept = [...c.proposals].sort((a, b) => a - b);
  const renumber = new Map(kept.map((id, k) => [id, k]));
  return { ...c, architectures: kept.map((id) => c.architectures[id]!), proposals: c.proposals.map((id) => renumber.get(id)!) };
}

/** Smaller variants of a case: fewer GPUs, proposals, shares, trace rows; a shorter span. */
function shrinkSteps(c: ScheduleCase): ScheduleCase[] {
  const steps: ScheduleCase[] = [];
  if (c.gpus > 1) steps.push({ ...c, gpus: c.gpus - 1 });
  for (let k = c.proposals.length - 1; k >= 0; k--) {
    if (c.proposals.length <= 1) break;
    const proposals = c.proposals.filter((_, j) => j !== k);
    steps.push(pruned({ ...c, proposals, initialSamples: Math.max(1, Math.min(c.initialSamples - (k < c.initialSamples ? 1 : 0), proposals.length)) }));
  }
  if (c.initialSamples > 1) steps.push({ ...c, initialSamples: c.initialSamples - 1 });
  if (c.samplingShares.length > 1) steps.push({ ...c, samplingShares: c.samplingShares.slice(0, -1) });
  for (let k = c.trace.timesS.length - 1; k >= 1; k--) {
    steps.push({
      ...c,
      trace: { ...c.trace, timesS: c.trace.timesS.filter((_, j) => j !== k), intensityGPerKwh: c.trace.intensityGPerKwh.filter((_, j) => j !== k) },
    });
  }
  if (c.trace.timesS.length === 1 && c.trace.intensityGPerKwh[0] !== 100) steps.push({ ...c, trace: { ...c.trace, intensityGPerKwh: [100] } });
  const later = c.endS - Math.max(100, Math.round((c.endS - c.startS) / 4 / 100) * 100);
  if (later > c.startS) steps.push({ ...c, endS: later });
  if (c.startS !== 0 || c.trace.timesS[0] !== 0) {
    const shift = (t: number): number => t - c.startS;
    steps.push({ ...c, startS: 0, endS: shift(c.endS), trace: { ...c.trace, timesS: c.trace.timesS.map(shift), endS: shift(c.trace.endS) } });
  }
  return steps;
}

/** Greedily shrinks a case while the mutant still disagrees with runSchedule. */
export function shrink(c: ScheduleCase, mutant: Mutant): ScheduleCase {
  const expectedOf = (candidate: ScheduleCase): ScheduleResult | undefined => {
    try {
      return runSchedule(candidate);
    } catch {
      return undefined;
    }
  };
  let current = pruned(c);
  for (;;) {
    // One Python process per round: the first smaller case that still disagrees wins.
    const steps = shrinkSteps(current).filter((step) => expectedOf(step) !== undefined);
    const actual = runPython(steps, mutant);
    const next = steps.findIndex((step, k) => difference(actual[k]!, expectedOf(step)!) !== undefined);
    if (next < 0) return current;
    current = steps[next]!;
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const count = option('--cases', 2000);
  const first = option('--seed', 1);
  const seeds = Array.from({ length: count }, (_, k) => first + k);
  const started = Date.now();
  const result = compare(seeds);
  console.log(
    `schedule.py vs runSchedule: ${result.agreed}/${result.cases} cases agree (seeds ${first}–${first + count - 1}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  for (const failure of result.failures.slice(0, 10)) console.log(`  seed ${failure.seed}: ${failure.why}`);
  if (argv.includes('--mutants')) {
    for (const mutant of MUTANTS) {
      const caught = compare(seeds, mutant);
      console.log(`mutant ${mutant}: caught on ${caught.failures.length}/${caught.cases} cases`);
      if (caught.smallest) {
        console.log(`  smallest: seed ${caught.smallest.seed}: ${caught.smallest.why}`);
        console.log(`  ${JSON.stringify(caught.smallest.case)}`);
        if (argv.includes('--shrink')) {
          const small = shrink(caught.smallest.case, mutant);
          const expected = runSchedule(small);
          const actual = runPython([small], mutant)[0]!;
          console.log(`  shrunk: ${JSON.stringify(small)}`);
          console.log(`  runSchedule: ${JSON.stringify(expected)}`);
          console.log(`  ${mutant}: ${JSON.stringify(actual)}`);
          console.log(`  first difference: ${difference(actual, expected)}`);
        }
      }
    }
  }
  if (result.failures.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
