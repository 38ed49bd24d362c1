/**
 * What a conformance function is (docs/conformance.md): its arguments in JSON, the spec's
 * answer, the tolerance an answer must meet, fixed edge cases and a generator of random
 * cases (fast-check, so failures shrink). One function per file in this folder.
 */

import type fc from 'fast-check';
import { type ObjectiveOptions, type PointMatrix, pointMatrix } from '../../../spec/index.js';
import type { Rows } from '../arbitraries.js';

export type Tolerance =
  | { readonly kind: 'exact' }
  /** |actual − expected| ≤ value · max(1, |expected|), element-wise. */
  | { readonly kind: 'relative'; readonly value: number }
  /** |actual − expected| ≤ value · max(1, total): for parts of a total (contributions); see `total`. */
  | { readonly kind: 'relative-to-total'; readonly value: number };

export type Args = Record<string, unknown>;

export interface ConformanceFunction {
  readonly name: string;
  readonly description: string;
  readonly tolerance: Tolerance;
  /**
   * The spec's answer (JSON-serialisable). A RangeError is a defined error (an overflowing
   * hypervolume): the implementation must then reply with an error.
   */
  readonly reference: (args: Args) => unknown;
  readonly fixed: readonly Args[];
  readonly arbitrary: fc.Arbitrary<Args>;
  /** The scale of a relative-to-total tolerance (default Σ|expected|). */
  readonly total?: (args: Args) => number;
  /** At most this many random cases per run (for slow functions). */
  readonly maxRandomCases?: number;
}

export const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

export const rowsArg = (args: Args, name = 'points'): Rows => args[name] as Rows;
export const maximiseArg = (args: Args): boolean[] | undefined => args.maximise as boolean[] | undefined;
export const objectiveOptions = (args: Args): ObjectiveOptions => (maximiseArg(args) === undefined ? {} : { maximise: maximiseArg(args)! });
export const pointsArg = (args: Args): PointMatrix => pointMatrix(rowsArg(args), args.dim as number);
