/**
 * The AssemblyScript port's exports: a raw C-like ABI over linear memory, as the Rust core
 * has, so that any host (the adapter in ../serve.mjs, a browser) needs no generated glue.
 *
 * The host allocates input and output blocks with `alloc` and releases them with `free`;
 * kernels return a status (0 = done, negative = bad input, below) and write their results to
 * the output block. Point sets are `n × dim` f64 in row-major order; `maximise` is 0 or a
 * block of `dim` bytes (1 = maximised objective).
 */

import { samplingGpus, samplingShare } from './allocation';
import { carbonKg, energyKwh } from './carbon';
import { dominanceFlags } from './dominance';
import { contributions, hypervolume as volume } from './hypervolume';
import { setMutant } from './mutant';
import { paretoRanks } from './ranks';
import { f64At, orientedRows } from './rows';
import { runSchedule } from './schedule-run';

const OK: i32 = 0;
/** n < 0 or dim < 1. */
const BAD_SHAPE: i32 = -1;
/** A point or the reference holds NaN or ±∞. */
const NOT_FINITE: i32 = -2;
/** An allocation or carbon argument outside its domain. */
const BAD_ARGUMENT: i32 = -3;

export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Plants one of the bugs listed in mutant.ts (0: none). */
export function set_mutant(code: i32): void {
  setMutant(code);
}

/** WEAKLY (1) | PARETO (2) | STRICTLY (4) for a over b, or a negative status. */
export function dominance(a: usize, b: usize, dim: i32, maximise: usize): i32 {
  if (dim < 0) return BAD_SHAPE;
  for (let j = 0; j < dim; j++) if (!isFinite(f64At(a, j)) || !isFinite(f64At(b, j))) return NOT_FINITE;
  return dominanceFlags(a, b, dim, maximise);
}

/** Writes n i32 ranks to `out`. */
export function pareto_ranks(points: usize, n: i32, dim: i32, maximise: usize, out: usize): i32 {
  if (n < 0 || dim < 1) return BAD_SHAPE;
  const rows = orientedRows(points, n, dim, maximise);
  if (rows === null) return NOT_FINITE;
  const ranks = new StaticArray<i32>(n);
  paretoRanks(rows, n, dim, ranks);
  memory.copy(out, changetype<usize>(ranks), <usize>n << 2);
  return OK;
}

/** The oriented reference point, or null when a coordinate is not finite. */
function orientedReference(reference: usize, dim: i32, maximise: usize): StaticArray<f64> | null {
  return orientedRows(reference, 1, dim, maximise);
}

/** Writes the hypervolume (one f64) to `out`. */
export function hypervolume(points: usize, n: i32, dim: i32, reference: usize, maximise: usize, out: usize): i32 {
  if (n < 0 || dim < 1) return BAD_SHAPE;
  const rows = orientedRows(points, n, dim, maximise);
  const ref = orientedReference(reference, dim, maximise);
  if (rows === null || ref === null) return NOT_FINITE;
  store<f64>(out, volume(rows, n, dim, ref));
  return OK;
}

/** Writes n f64 exclusive contributions to `out`. */
export function hv_contributions(points: usize, n: i32, dim: i32, reference: usize, maximise: usize, out: usize): i32 {
  if (n < 0 || dim < 1) return BAD_SHAPE;
  const rows = orientedRows(points, n, dim, maximise);
  const ref = orientedReference(reference, dim, maximise);
  if (rows === null || ref === null) return NOT_FINITE;
  const parts = new StaticArray<f64>(n);
  contributions(rows, n, dim, ref, parts);
  memory.copy(out, changetype<usize>(parts), <usize>n << 3);
  return OK;
}

/** Writes λs (f64) then the sampling and evaluation GPU counts (two i32) to `out`. */
/** `referenceRounding` 1: ge = ⌊G·(1 − λs)⌋ (the CE-NAS code's), 0: gs = ⌊G·λs + ½⌋; then at least `minEvaluation` evaluate. */
export function allocation(currentGPerKwh: f64, minGPerKwh: f64, maxGPerKwh: f64, totalGpus: i32, referenceRounding: i32, minEvaluation: i32, out: usize): i32 {
  const share = samplingShare(currentGPerKwh, minGPerKwh, maxGPerKwh);
  if (isNaN(share)) return BAD_ARGUMENT;
  const sampling = samplingGpus(totalGpus, share, referenceRounding != 0, minEvaluation);
  if (sampling < 0) return BAD_ARGUMENT;
  store<f64>(out, share);
  store<i32>(out, sampling, 8);
  store<i32>(out, totalGpus - sampling, 12);
  return OK;
}

/** Writes energy (kWh) then emissions (kgCO2eq), two f64, to `out`; the trace has `rows` rows. */
export function carbon(timesS: usize, intensity: usize, rows: i32, endS: f64, startS: f64, stopS: f64, powerW: f64, pue: f64, out: usize): i32 {
  const kg = carbonKg(timesS, intensity, rows, endS, startS, stopS, powerW, pue);
  if (isNaN(kg)) return BAD_ARGUMENT;
  store<f64>(out, energyKwh(powerW, pue, stopS - startS));
  store<f64>(out, kg, 8);
  return OK;
}

/**
 * Replays a scripted search (docs/conformance.md, `schedule`). `input` holds `length` f64
 * (the layout is in schedule.ts); on success `out` (8 bytes) receives the pointer and the f64
 * length of a result block, which the host reads and then `free`s.
 */
export function schedule(input: usize, length: i32, out: usize): i32 {
  return runSchedule(input, length, out);
}
