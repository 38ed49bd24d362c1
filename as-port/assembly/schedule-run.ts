/**
 * The `schedule` export's block protocol: the input block (a header of counts, codes and
 * settings, then the trace, the architectures, the proposals and the shares) is checked and
 * read into a `Schedule` (schedule.ts), which is run; the result block is written here.
 */

import { IDLE_CHARGING, mutant } from './mutant';
import { IDLE, Schedule } from './schedule';
import { at, GRAMS_PER_KILOGRAM, SECONDS_PER_HOUR, Trace, WATTS_PER_KILOWATT } from './schedule-trace';

// The input block's header: f64 slots, counts and codes as integers.
export const HEADER: i32 = 18;
const H_GPUS = 0;
const H_START = 1;
const H_END = 2;
const H_EPOCH = 3;
const H_INITIAL = 4;
const H_CAPACITY = 5;
const H_OVERHEAD = 6;
const H_ROUNDING = 7; // 0: reference, 1: nearest
const H_MIN_EVALUATION = 8;
const H_BUSY_W = 9;
const H_IDLE_W = 10;
const H_PUE = 11;
const H_TRACE_ROWS = 12;
const H_TRACE_END = 13;
const H_ARCHITECTURES = 14;
const H_DIM = 15;
const H_PROPOSALS = 16;
const H_SHARES = 17;

/** The result block's header: interval count, training count, energy, carbon. */
export const RESULT_HEADER: i32 = 4;

export const BAD_SHAPE: i32 = -1;
export const NOT_FINITE: i32 = -2;
export const BAD_ARGUMENT: i32 = -3;

/** A whole number in [low, high] stored as f64, or −1. */
function count(value: f64, low: f64, high: f64): i32 {
  if (!(value >= low && value <= high) || Math.floor(value) != value) return -1;
  return <i32>value;
}

/**
 * Runs the case in the f64 block at `input` (`length` values: the header above, then the
 * trace's times and intensities, per architecture trainingS, samplingS, estimate (dim) and
 * objectives (dim), the proposals, the shares and the reference). On success writes to `out`
 * the pointer (u32) of a result block allocated here, which the host frees, and its length in
 * f64 (u32): interval count m, training count t, energy (kWh), carbon (kg), m × [gpu,
 * activity (0 idle, 1 training, 2 sampling), start, end, architecture] by GPU then start, the
 * t trained ids, t × [time, hypervolume].
 */
export function runSchedule(input: usize, length: i32, out: usize): i32 {
  if (length < HEADER) return BAD_SHAPE;
  for (let k = 0; k < length; k++) if (!isFinite(at(input, k))) return NOT_FINITE;
  const gpus = count(at(input, H_GPUS), 1, 65536);
  const initialSamples = count(at(input, H_INITIAL), 1, i32.MAX_VALUE);
  const capacity = count(at(input, H_CAPACITY), 1, i32.MAX_VALUE);
  const rounding = count(at(input, H_ROUNDING), 0, 1);
  const minEvaluation = count(at(input, H_MIN_EVALUATION), 0, i32.MAX_VALUE);
  const rows = count(at(input, H_TRACE_ROWS), 1, 16777216);
  const architectures = count(at(input, H_ARCHITECTURES), 0, 16777216);
  const dim = count(at(input, H_DIM), 1, 64);
  const proposals = count(at(input, H_PROPOSALS), 0, 16777216);
  const shares = count(at(input, H_SHARES), 1, 16777216);
  if (rows < 0 || architectures < 0 || dim < 0 || proposals < 0 || shares < 0) return BAD_SHAPE;
  // As the product's scenario schema: gpus, initialSamples and queueCapacity ≥ 1.
  if (gpus < 0 || initialSamples < 0 || capacity < 0 || rounding < 0 || minEvaluation < 0) return BAD_ARGUMENT;
  const stride = 2 + 2 * dim;
  const expected = <i64>HEADER + 2 * <i64>rows + <i64>architectures * stride + proposals + shares + dim;
  if (<i64>length != expected) return BAD_SHAPE;

  const run = new Schedule();
  run.gpus = gpus;
  run.startS = at(input, H_START);
  run.endS = at(input, H_END);
  run.epochS = at(input, H_EPOCH);
  run.initialSamples = initialSamples;
  run.capacity = capacity;
  run.overheadS = at(input, H_OVERHEAD);
  run.nearest = rounding == 1;
  run.minEvaluation = minEvaluation;
  const busyW = at(input, H_BUSY_W);
  const idleW = at(input, H_IDLE_W);
  const pue = at(input, H_PUE);
  if (!(run.endS > run.startS && run.epochS > 0 && run.overheadS >= 0)) return BAD_ARGUMENT;
  if (!(busyW >= 0 && idleW >= 0 && pue >= 1) || initialSamples > proposals) return BAD_ARGUMENT;

  let offset = HEADER;
  const times = new StaticArray<f64>(rows);
  const values = new StaticArray<f64>(rows);
  for (let r = 0; r < rows; r++) {
    unchecked((times[r] = at(input, offset + r)));
    unchecked((values[r] = at(input, offset + rows + r)));
    if (unchecked(values[r]) < 0 || (r > 0 && !(unchecked(times[r]) > unchecked(times[r - 1])))) return BAD_ARGUMENT;
  }
  offset += 2 * rows;
  const trace = new Trace(times, values, at(input, H_TRACE_END));
  if (unchecked(times[0]) > run.startS || trace.endS < run.endS || trace.endS < unchecked(times[rows - 1])) return BAD_ARGUMENT;

  run.dim = dim;
  run.trainingS = new StaticArray<f64>(architectures);
  run.samplingS = new StaticArray<f64>(architectures);
  run.estimates = new StaticArray<f64>(architectures * dim);
  run.objectives = new StaticArray<f64>(architectures * dim);
  for (let a = 0; a < architectures; a++) {
    const base = offset + a * stride;
    unchecked((run.trainingS[a] = at(input, base)));
    unchecked((run.samplingS[a] = at(input, base + 1)));
    if (!(unchecked(run.trainingS[a]) > 0 && unchecked(run.samplingS[a]) > 0)) return BAD_ARGUMENT;
    for (let j = 0; j < dim; j++) {
      unchecked((run.estimates[a * dim + j] = at(input, base + 2 + j)));
      unchecked((run.objectives[a * dim + j] = at(input, base + 2 + dim + j)));
    }
  }
  offset += architectures * stride;
  const drawn = new StaticArray<bool>(architectures);
  for (let k = 0; k < proposals; k++) {
    const id = count(at(input, offset + k), 0, <f64>architectures - 1);
    if (id < 0 || unchecked(drawn[id])) return BAD_ARGUMENT;
    unchecked((drawn[id] = true));
    run.proposals.push(id);
  }
  offset += proposals;
  run.shares = new StaticArray<f64>(shares);
  for (let k = 0; k < shares; k++) {
    const share = at(input, offset + k);
    if (!(share >= 0 && share <= 1)) return BAD_ARGUMENT;
    unchecked((run.shares[k] = share));
  }
  offset += shares;
  run.reference = new StaticArray<f64>(dim);
  for (let j = 0; j < dim; j++) unchecked((run.reference[j] = at(input, offset + j)));

  run.task = new StaticArray<i32>(gpus);
  run.architecture = new StaticArray<i32>(gpus);
  run.finishS = new StaticArray<f64>(gpus);
  run.sinceS = new StaticArray<f64>(gpus);
  run.evaluator = new StaticArray<bool>(gpus);
  run.run();

  // Energy and carbon, interval by interval (all GPU time: busy at busyW, idle at idleW).
  const intervals = run.intervals.length / 5;
  let energyKwh = 0.0;
  let carbonKg = 0.0;
  for (let k = 0; k < intervals; k++) {
    const idle = <i32>run.intervals[5 * k + 1] == IDLE;
    // The planted bug: idle time charged at busy power.
    const kilowatts = ((idle && mutant != IDLE_CHARGING ? idleW : busyW) * pue) / WATTS_PER_KILOWATT;
    const fromS = run.intervals[5 * k + 2];
    const toS = run.intervals[5 * k + 3];
    energyKwh += (kilowatts * (toS - fromS)) / SECONDS_PER_HOUR;
    carbonKg += (kilowatts * trace.integral(fromS, toS)) / SECONDS_PER_HOUR / GRAMS_PER_KILOGRAM;
  }

  const trainings = run.trained.length;
  const size = RESULT_HEADER + 5 * intervals + 3 * trainings;
  const block = heap.alloc(<usize>max(size, 1) << 3);
  if (block == 0) return BAD_ARGUMENT;
  store<f64>(block, <f64>intervals);
  store<f64>(block, <f64>trainings, 8);
  store<f64>(block, energyKwh, 16);
  store<f64>(block, carbonKg, 24);
  // Each GPU's intervals closed in time order: grouping by GPU keeps them sorted by start.
  let slot = RESULT_HEADER;
  for (let gpu = 0; gpu < gpus; gpu++) {
    for (let k = 0; k < intervals; k++) {
      if (<i32>run.intervals[5 * k] != gpu) continue;
      for (let f = 0; f < 5; f++) store<f64>(block + (<usize>(slot + f) << 3), run.intervals[5 * k + f]);
      slot += 5;
    }
  }
  for (let k = 0; k < trainings; k++) store<f64>(block + (<usize>(slot + k) << 3), <f64>run.trained[k]);
  slot += trainings;
  for (let k = 0; k < 2 * trainings; k++) store<f64>(block + (<usize>(slot + k) << 3), run.progress[k]);
  store<u32>(out, <u32>block);
  store<u32>(out, <u32>size, 4);
  return 0;
}
