/**
 * Objective sets: which columns of the search space are optimised, in which direction,
 * written `column:max,column:min` (e.g. the default `c10_test_acc_200ep:max,fpga_energy_mj:min`).
 * Architectures with a missing value in any chosen column are excluded, and counted
 * (MODEL.md §1: missing values are never invented).
 */

import type { PointMatrix } from '../../spec/index.js';
import { InputError } from '../errors.js';
import type { SearchSpace } from './search-space.js';

export type Direction = 'min' | 'max';

export interface Objective {
  readonly column: string;
  readonly direction: Direction;
}

export const DEFAULT_OBJECTIVES = 'c10_test_acc_200ep:max,fpga_energy_mj:min';

export interface ObjectiveSet {
  readonly objectives: readonly Objective[];
  /** Architectures with every objective present, ascending. */
  readonly indices: Int32Array;
  /** Their objective values (raw, not negated), one row per entry of `indices`. */
  readonly points: PointMatrix;
  /** One flag per objective: true when maximised. */
  readonly maximise: boolean[];
  /** Architectures left out for a missing value. */
  readonly excludedCount: number;
  /**
   * Default reference point (MODEL.md §1): for a maximised objective 0 when no value is
   * negative (accuracies), else the worst value; for a minimised one the largest value.
   */
  readonly defaultReference: number[];
}

/** Parses `column:dir,…`; every direction must be given. */
export function parseObjectives(text: string, space: SearchSpace): Objective[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === '')) {
    throw new InputError(`objectives: expected 'column:max|min,…', got '${text}'`);
  }
  const objectives = parts.map((part) => {
    const [column = '', direction, extra] = part.split(':').map((piece) => piece.trim());
    if (direction === undefined || extra !== undefined || (direction !== 'min' && direction !== 'max')) {
      throw new InputError(`objectives: '${part}' must be column:max or column:min`);
    }
    if (!space.hasColumn(column)) {
      throw new InputError(`objectives: unknown column '${column}'; columns: ${space.columnNames.join(', ')}`);
    }
    return { column, direction } as Objective;
  });
  const seen = new Set<string>();
  for (const { column } of objectives) {
    if (seen.has(column)) throw new InputError(`objectives: column '${column}' is listed twice`);
    seen.add(column);
  }
  return objectives;
}

/**
 * The objective set of `objectives`; `columnValues` may supply an objective's values in place
 * of the space's column of that name (e.g. simulated one-shot estimates).
 */
export function objectiveSet(space: SearchSpace, objectives: readonly Objective[], columnValues: ReadonlyMap<string, Float64Array> = new Map()): ObjectiveSet {
  const columns = objectives.map(({ column }) => columnValues.get(column) ?? space.column(column));
  const kept: number[] = [];
  for (let i = 0; i < space.size; i++) {
    if (columns.every((values) => !Number.isNaN(values[i]!))) kept.push(i);
  }
  const dim = objectives.length;
  const values = new Float64Array(kept.length * dim);
  kept.forEach((index, row) => columns.forEach((column, j) => (values[row * dim + j] = column[index]!)));
  const defaultReference = objectives.map(({ direction }, j) => {
    let low = Infinity;
    let high = -Infinity;
    for (let row = 0; row < kept.length; row++) {
      low = Math.min(low, values[row * dim + j]!);
      high = Math.max(high, values[row * dim + j]!);
    }
    if (direction === 'min') return high;
    return low >= 0 ? 0 : low;
  });
  return {
    objectives,
    indices: Int32Array.from(kept),
    points: { values, n: kept.length, dim },
    maximise: objectives.map(({ direction }) => direction === 'max'),
    excludedCount: space.size - kept.length,
    defaultReference,
  };
}
