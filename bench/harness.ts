/**
 * Spec-versus-core benchmark harness (docs/CONVENTIONS.md, "Benchmarks"): for each case,
 * both outputs are computed and compared before anything is timed, then tinybench times the
 * `spec` and `wasm` tasks; every result feeds a checksum so that no work can be optimised
 * away.
 */

import { Bench } from 'tinybench';
import type { ParetoKernels, PointMatrix } from '../spec/index.js';
import { specKernels } from '../spec/index.js';
import { wasmKernels } from '../src/wasm/kernels.js';
import { benchPoints, type Shape } from './inputs.js';

export interface BenchCase {
  readonly shape: Shape;
  readonly dim: number;
  readonly n: number;
  /** False where the spec is too slow to time at this size; the core is timed alone. */
  readonly withSpec: boolean;
}

export interface KernelBench<T> {
  readonly kernel: string;
  readonly cases: readonly BenchCase[];
  readonly run: (impl: ParetoKernels, points: PointMatrix) => T;
  /** Throws when the two outputs disagree beyond the kernel's tolerance. */
  readonly check: (spec: T, wasm: T, label: string) => void;
  /** A number folded into the checksum. */
  readonly digest: (output: T) => number;
}

export interface BenchRow {
  readonly kernel: string;
  readonly shape: Shape;
  readonly dim: number;
  readonly n: number;
  readonly specMedianMs: number | undefined;
  readonly wasmMedianMs: number;
  readonly speedUp: number | undefined;
}

let checksum = 0;
export function consumedChecksum(): number {
  return checksum;
}

export async function medianMs(name: string, task: () => void, onceMs: number): Promise<number> {
  // Slow tasks get one timed run; fast ones run for at least 400 ms and 10 iterations.
  const slow = onceMs > 500;
  const bench = new Bench({
    name,
    time: slow ? 0 : 400,
    iterations: slow ? 1 : 10,
    warmup: !slow,
    warmupIterations: 3,
    warmupTime: 50,
    throws: true,
  });
  bench.add(name, task);
  await bench.run();
  const median = bench.tasks[0]?.result?.latency.p50;
  if (median === undefined) throw new Error(`bench ${name}: no result`);
  return median;
}

function timeOnce<T>(run: () => T): { output: T; ms: number } {
  const start = performance.now();
  const output = run();
  return { output, ms: performance.now() - start };
}

/** Times every case of `definition`; `onRow` gets each row as it is measured (bench/run.ts prints it). */
export async function runKernelBench<T>(definition: KernelBench<T>, onRow: (row: BenchRow) => void = () => {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const benchCase of definition.cases) {
    const { shape, dim, n, withSpec } = benchCase;
    const label = `${definition.kernel} ${shape} d=${dim} n=${n}`;
    const points = benchPoints(shape, n, dim);
    const wasmOnce = timeOnce(() => definition.run(wasmKernels, points));
    let specMedianMs: number | undefined;
    if (withSpec) {
      const specOnce = timeOnce(() => definition.run(specKernels, points));
      definition.check(specOnce.output, wasmOnce.output, label);
      specMedianMs = await medianMs(
        `spec n=${n}`,
        () => {
          checksum += definition.digest(definition.run(specKernels, points));
        },
        specOnce.ms,
      );
    }
    const wasmMedianMs = await medianMs(
      `wasm n=${n}`,
      () => {
        checksum += definition.digest(definition.run(wasmKernels, points));
      },
      wasmOnce.ms,
    );
    const row: BenchRow = {
      kernel: definition.kernel,
      shape,
      dim,
      n,
      specMedianMs,
      wasmMedianMs,
      speedUp: specMedianMs === undefined ? undefined : specMedianMs / wasmMedianMs,
    };
    rows.push(row);
    onRow(row);
  }
  return rows;
}

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(4);
}

export function formatRow(row: BenchRow): string {
  const speedUp = row.speedUp === undefined ? '—' : `${row.speedUp.toFixed(1)}×`;
  return `| ${row.kernel} | ${row.shape} | ${row.dim} | ${row.n} | ${formatMs(row.specMedianMs)} | ${formatMs(row.wasmMedianMs)} | ${speedUp} |`;
}

export const TABLE_HEADER = '| kernel | points | dim | n | spec median (ms) | wasm median (ms) | speed-up |\n|---|---|---|---:|---:|---:|---:|';

/** Relative √ε comparison used for hypervolume outputs. */
export function assertClose(spec: number, wasm: number, scale: number, label: string): void {
  if (Math.abs(spec - wasm) > Math.sqrt(Number.EPSILON) * Math.max(Math.abs(scale), Number.MIN_VALUE)) {
    throw new Error(`${label}: spec ${spec} and wasm ${wasm} disagree`);
  }
}
