/**
 * The same kernels in three implementations on the same inputs: the Rust core (wasm/), the
 * AssemblyScript port (as-port/) and the spec (TypeScript). Outputs are compared before
 * anything is timed. Timing is paired: each round is one tinybench run of the implementations
 * in rotating order, so that a slow spell of this shared machine hits them alike, and the
 * port's time over the core's is taken per round.
 */

import { Bench } from 'tinybench';
import { loadPort } from '../as-port/port.mjs';
import { type PointMatrix, specKernels } from '../spec/index.js';
import { wasmKernels } from '../src/wasm/kernels.js';
import { benchPoints, benchReference, type Shape } from './inputs.js';

type Kernel = 'ranks' | 'hv';
type Implementation = 'rust' | 'as' | 'spec';

interface PortCase {
  readonly kernel: Kernel;
  readonly shape: Shape;
  readonly dim: number;
  readonly n: number;
  /** False where one spec call takes seconds: then the port is checked against the core only. */
  readonly withSpec: boolean;
}

export interface PortRow extends PortCase {
  /** Median over rounds of each implementation's median time (ms). */
  readonly medianMs: Readonly<Partial<Record<Implementation, number>>>;
  /** AssemblyScript time over Rust time, per round: median, lowest, highest. */
  readonly asOverRust: { readonly median: number; readonly low: number; readonly high: number };
}

export const PORT_CASES: readonly PortCase[] = [
  ...(['uniform', 'front'] as const).flatMap((shape) => [
    { kernel: 'ranks' as const, shape, dim: 2, n: 1000, withSpec: true },
    { kernel: 'ranks' as const, shape, dim: 2, n: 15625, withSpec: false },
    { kernel: 'ranks' as const, shape, dim: 3, n: 1000, withSpec: true },
    { kernel: 'ranks' as const, shape, dim: 3, n: 10000, withSpec: false },
    { kernel: 'hv' as const, shape, dim: 2, n: 1000, withSpec: true },
    { kernel: 'hv' as const, shape, dim: 2, n: 15625, withSpec: true },
    { kernel: 'hv' as const, shape, dim: 3, n: 1000, withSpec: true },
    { kernel: 'hv' as const, shape, dim: 3, n: 10000, withSpec: false },
    { kernel: 'hv' as const, shape, dim: 4, n: 100, withSpec: true },
  ]),
];

const port = loadPort();
let checksum = 0;

function run(implementation: Implementation, kernel: Kernel, points: PointMatrix): number | Int32Array {
  const impl = implementation === 'rust' ? wasmKernels : implementation === 'as' ? port : specKernels;
  return kernel === 'ranks' ? impl.paretoRanks(points) : impl.hypervolume(points, benchReference(points.dim));
}

function digest(output: number | Int32Array): number {
  return typeof output === 'number' ? output : (output[output.length - 1] ?? 0);
}

/** Throws unless `actual` matches `expected`: ranks exactly, hypervolumes within a relative √ε. */
function assertAgree(expected: number | Int32Array, actual: number | Int32Array, label: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(expected - actual) > Math.sqrt(Number.EPSILON) * Math.max(1, Math.abs(expected))) throw new Error(`${label}: ${expected} versus ${actual}`);
    return;
  }
  const [a, b] = [expected as Int32Array, actual as Int32Array];
  const mismatch = a.findIndex((rank, i) => rank !== b[i]);
  if (a.length !== b.length || mismatch >= 0) throw new Error(`${label}: ranks differ at point ${mismatch}`);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function runPortBench(rounds = 7, log: (line: string) => void = () => {}): Promise<PortRow[]> {
  const rows: PortRow[] = [];
  for (const benchCase of PORT_CASES) {
    const { kernel, shape, dim, n, withSpec } = benchCase;
    const label = `${kernel} ${shape} d=${dim} n=${n}`;
    const points = benchPoints(shape, n, dim);
    const implementations: Implementation[] = withSpec ? ['rust', 'as', 'spec'] : ['rust', 'as'];
    // The outputs first: the port and the core each against the spec (or each other).
    const reference = run(withSpec ? 'spec' : 'rust', kernel, points);
    for (const implementation of implementations) assertAgree(reference, run(implementation, kernel, points), `${label}: ${implementation}`);
    const perRound: Record<Implementation, number[]> = { rust: [], as: [], spec: [] };
    for (let round = 0; round < rounds; round++) {
      const bench = new Bench({ time: 60, iterations: 3, warmup: round === 0, warmupTime: 30, warmupIterations: 2, throws: true });
      // Rotate the order each round, so that no implementation always runs first.
      for (let k = 0; k < implementations.length; k++) {
        const implementation = implementations[(k + round) % implementations.length]!;
        bench.add(implementation, () => {
          checksum += digest(run(implementation, kernel, points));
        });
      }
      await bench.run();
      for (const task of bench.tasks) {
        const p50 = task.result?.latency.p50;
        if (p50 === undefined) throw new Error(`${label}: no result for ${task.name}`);
        perRound[task.name as Implementation].push(p50);
      }
    }
    const ratios = perRound.as.map((asMs, round) => asMs / perRound.rust[round]!);
    const row: PortRow = {
      ...benchCase,
      medianMs: Object.fromEntries(implementations.map((implementation) => [implementation, median(perRound[implementation])])),
      asOverRust: { median: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios) },
    };
    rows.push(row);
    log(formatPortRow(row));
  }
  return rows;
}

export function portChecksum(): number {
  return checksum;
}

const ms = (value: number | undefined): string =>
  value === undefined ? '—' : value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3);

export const PORT_TABLE_HEADER =
  '| kernel | points | dim | n | Rust core (ms) | AssemblyScript (ms) | spec (ms) | AS / Rust: median (range over rounds) |\n|---|---|---:|---:|---:|---:|---:|---|';

export function formatPortRow(row: PortRow): string {
  const ratio = `${row.asOverRust.median.toFixed(2)} (${row.asOverRust.low.toFixed(2)}–${row.asOverRust.high.toFixed(2)})`;
  return `| ${row.kernel} | ${row.shape} | ${row.dim} | ${row.n} | ${ms(row.medianMs.rust)} | ${ms(row.medianMs.as)} | ${ms(row.medianMs.spec)} | ${ratio} |`;
}
