/**
 * The point sets of the moocore comparison (issue 13), generated from one seed so that anyone
 * can write them to files (scripts/pareto-points.ts) and time any other library on them.
 * `uniform`: coordinates uniform in [0, 1). `sphere`: |N(0, 1)| per coordinate, scaled to unit
 * length, so every point lies on one front. Reference point 1.1 everywhere; minimisation.
 */

import { Random } from '../src/random.js';

export type VsCShape = 'uniform' | 'sphere';
/** `hvc`: hypervolume contributions (one-front sets only: there moocore's fast 3-D path and
 * ce-nas compute the same thing). */
export type VsCKernel = 'hv' | 'hvc' | 'ranks';

export interface VsCCase {
  readonly kernel: VsCKernel;
  readonly shape: VsCShape;
  readonly dim: number;
  readonly n: number;
}

export const VS_C_CASES: readonly VsCCase[] = [
  { kernel: 'hv', shape: 'uniform', dim: 2, n: 100_000 },
  { kernel: 'hv', shape: 'uniform', dim: 3, n: 100_000 },
  { kernel: 'hv', shape: 'sphere', dim: 3, n: 100_000 },
  { kernel: 'hv', shape: 'uniform', dim: 3, n: 10_000 },
  { kernel: 'hv', shape: 'sphere', dim: 4, n: 1_000 },
  { kernel: 'hv', shape: 'sphere', dim: 4, n: 5_000 },
  { kernel: 'ranks', shape: 'uniform', dim: 2, n: 100_000 },
  { kernel: 'ranks', shape: 'uniform', dim: 3, n: 20_000 },
  { kernel: 'ranks', shape: 'sphere', dim: 3, n: 10_000 },
  { kernel: 'ranks', shape: 'sphere', dim: 3, n: 20_000 },
  { kernel: 'hvc', shape: 'sphere', dim: 3, n: 1_000 },
  { kernel: 'hvc', shape: 'sphere', dim: 3, n: 10_000 },
];

export const VS_C_REFERENCE_VALUE = 1.1;

/** File name of a case's points: `hv-uniform-3d-100000.txt`. */
export function caseFileName(c: VsCCase): string {
  return `${c.kernel}-${c.shape}-${c.dim}d-${c.n}.txt`;
}

/** A standard normal draw (Box–Muller; 1 − u keeps the logarithm finite). */
function normal(random: Random): number {
  const u = 1 - random.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.float());
}

/** The case's points, row-major; the seed depends on shape, dim and n only. */
export function vsCPoints(shape: VsCShape, n: number, dim: number, seed = 13): Float64Array {
  const random = new Random(seed * 1_000_003 + n * 31 + dim * 7 + (shape === 'sphere' ? 1 : 0));
  const values = new Float64Array(n * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    let squares = 0;
    for (let k = 0; k < dim; k++) {
      row[k] = shape === 'uniform' ? random.float() : Math.abs(normal(random));
      squares += row[k]! * row[k]!;
    }
    // A zero vector cannot be scaled to the sphere: draw again (probability ~0).
    if (shape === 'sphere' && squares === 0) {
      i--;
      continue;
    }
    const scale = shape === 'sphere' ? 1 / Math.sqrt(squares) : 1;
    for (let k = 0; k < dim; k++) values[i * dim + k] = row[k]! * scale;
  }
  return values;
}

/** Text of a point file: one row per line, shortest round-trip decimals, space separated. */
export function pointFileText(values: Float64Array, dim: number): string {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += dim) lines.push(Array.from(values.subarray(i, i + dim)).join(' '));
  return `${lines.join('\n')}\n`;
}
