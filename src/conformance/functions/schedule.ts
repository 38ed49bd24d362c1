import fc from 'fast-check';
import { runSchedule, type ScheduleCase } from '../../sim/scripted.js';
import type { Args, ConformanceFunction } from './types.js';

/** A small, hand-checked case (test/sim-scripted.test.ts): two GPUs, four architectures, all evaluating, flat 100 g/kWh. */
export const VANILLA_SCHEDULE_CASE: ScheduleCase = {
  gpus: 2,
  startS: 0,
  endS: 1000,
  epochS: 3600,
  initialSamples: 2,
  queueCapacity: 10,
  resumeOverheadS: 0,
  allocation: { rounding: 'reference', minEvaluationGpus: 1 },
  power: { busyW: 300, idleW: 50, pue: 1.5 },
  trace: { timesS: [0], intensityGPerKwh: [100], endS: 2000 },
  architectures: [
    { trainingS: 100, samplingS: 1, estimate: [1, 5], objectives: [1, 5] },
    { trainingS: 200, samplingS: 1, estimate: [5, 1], objectives: [5, 1] },
    { trainingS: 300, samplingS: 1, estimate: [3, 3], objectives: [3, 3] },
    { trainingS: 50, samplingS: 1, estimate: [2, 2], objectives: [2, 2] },
  ],
  proposals: [0, 1, 2, 3],
  samplingShares: [0],
  reference: [10, 10],
};

/** Preemption and resumption: all-evaluate and all-sample epochs alternate, with a resume overhead. */
const alternating: ScheduleCase = {
  ...VANILLA_SCHEDULE_CASE,
  gpus: 3,
  endS: 20_000,
  epochS: 1200,
  initialSamples: 3,
  queueCapacity: 2,
  resumeOverheadS: 120,
  allocation: { rounding: 'nearest', minEvaluationGpus: 0 },
  trace: { timesS: [0, 900, 2700, 3000, 9000], intensityGPerKwh: [120, 300, 80.5, 410, 200], endS: 30_000 },
  architectures: Array.from({ length: 12 }, (_, k) => ({
    trainingS: 1500 + 700 * ((k * 7) % 5),
    samplingS: 30 + 11 * (k % 4),
    estimate: [(k * 3) % 7, 7 - ((k * 5) % 7)],
    objectives: [(k * 2) % 9, 9 - ((k * 4) % 9)],
  })),
  proposals: [4, 1, 7, 0, 11, 3, 9, 2, 10, 5, 8, 6],
  samplingShares: [0, 1, 0.5, 0, 1, 0.25],
};

const shareArbitrary = fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));

const caseArbitrary: fc.Arbitrary<Args> = fc
  .record({
    gpus: fc.integer({ min: 1, max: 5 }),
    count: fc.integer({ min: 2, max: 16 }),
    initialSamples: fc.integer({ min: 1, max: 4 }),
    epochS: fc.constantFrom(600, 1800, 3600),
    hours: fc.integer({ min: 1, max: 12 }),
    queueCapacity: fc.integer({ min: 1, max: 6 }),
    resumeOverheadS: fc.constantFrom(0, 60, 300),
    rounding: fc.constantFrom('reference', 'nearest'),
    minEvaluationGpus: fc.integer({ min: 0, max: 2 }),
    power: fc.record({ busyW: fc.integer({ min: 100, max: 700 }), idleW: fc.integer({ min: 0, max: 90 }), pue: fc.constantFrom(1, 1.1, 1.58) }),
    rows: fc.array(fc.tuple(fc.integer({ min: 300, max: 7200 }), fc.integer({ min: 0, max: 800 })), { minLength: 1, maxLength: 20 }),
    architectures: fc.array(
      fc.record({
        trainingS: fc.integer({ min: 200, max: 20_000 }),
        samplingS: fc.integer({ min: 1, max: 500 }),
        estimate: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
        objectives: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
      }),
      { minLength: 16, maxLength: 16 },
    ),
    shares: fc.array(shareArbitrary, { minLength: 1, maxLength: 8 }),
    order: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
  })
  .map((raw) => {
    const endS = raw.hours * 3600;
    const timesS: number[] = [0];
    for (const [stepS] of raw.rows.slice(1)) timesS.push(timesS[timesS.length - 1]! + stepS);
    const architectures = raw.architectures.slice(0, raw.count);
    const proposals = [...architectures.keys()].sort((a, b) => raw.order[a]! - raw.order[b]! || a - b);
    const schedule: ScheduleCase = {
      gpus: raw.gpus,
      startS: 0,
      endS,
      epochS: raw.epochS,
      initialSamples: Math.min(raw.initialSamples, raw.count),
      queueCapacity: raw.queueCapacity,
      resumeOverheadS: raw.resumeOverheadS,
      allocation: { rounding: raw.rounding as 'reference' | 'nearest', minEvaluationGpus: raw.minEvaluationGpus },
      power: raw.power,
      trace: { timesS, intensityGPerKwh: raw.rows.map(([, value]) => value), endS: Math.max(endS, timesS[timesS.length - 1]! + 3600) },
      architectures,
      proposals,
      samplingShares: raw.shares,
      reference: [6, 6],
    };
    return schedule as unknown as Args;
  });

export const schedule: ConformanceFunction = {
  name: 'schedule',
  description: 'a scripted search (draws and λs given, no SVM): { intervals, energyKwh, carbonKg, trainings, progress } of the scheduler and ledger',
  tolerance: { kind: 'relative', value: 1e-9 },
  maxRandomCases: 200,
  // The engine is both the definition of the schedule and the product (docs/conformance.md).
  reference: (args) => runSchedule(args as unknown as ScheduleCase),
  fixed: [VANILLA_SCHEDULE_CASE, alternating, { ...alternating, allocation: { rounding: 'reference', minEvaluationGpus: 1 }, gpus: 4 }] as unknown as Args[],
  arbitrary: caseArbitrary,
};
