/**
 * Point sets and their validation, shared by every definition in `spec/`.
 *
 * A point set is a row-major `Float64Array` of `n` points with `dim` objectives each
 * (moocore's C convention; docs/CONVENTIONS.md, "ABI data shape"). Every objective is
 * minimised unless its `maximise` flag is set; maximising x is defined as minimising −x.
 */

export interface PointMatrix {
  /** Row-major values: objective `j` of point `i` is `values[i * dim + j]`. */
  readonly values: Float64Array;
  /** Number of points. */
  readonly n: number;
  /** Number of objectives (≥ 1). */
  readonly dim: number;
}

export interface ObjectiveOptions {
  /** One flag per objective: `true` maximises it. Default: minimise every objective. */
  readonly maximise?: readonly boolean[];
}

/** Builds a point set from rows; `dim` is required when `rows` is empty. */
export function pointMatrix(rows: readonly (readonly number[])[], dim?: number): PointMatrix {
  const width = rows[0]?.length ?? dim;
  if (width === undefined) {
    throw new RangeError('pointMatrix: an empty list of rows needs an explicit dim');
  }
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new RangeError(`pointMatrix: row ${i} has ${row.length} values, expected ${width}`);
    }
    values.set(row, i * width);
  });
  return { values, n: rows.length, dim: width };
}

/** The rows of a point set as plain arrays (for readable definitions and tests). */
export function rowsOf(points: PointMatrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < points.n; i++) {
    rows.push(Array.from(points.values.subarray(i * points.dim, (i + 1) * points.dim)));
  }
  return rows;
}

function describeNonFinite(value: number): string {
  return Number.isNaN(value) ? 'NaN' : `${value}`;
}

/** Throws `TypeError`/`RangeError` naming the argument unless `points` is a valid point set. */
export function validatePoints(points: PointMatrix, name = 'points'): void {
  validatePointShape(points, name);
  for (let k = 0; k < points.values.length; k++) {
    const value = points.values[k]!;
    if (!Number.isFinite(value)) {
      const i = Math.floor(k / points.dim);
      const j = k % points.dim;
      throw new RangeError(`${name}: point ${i}, objective ${j} is ${describeNonFinite(value)}; values must be finite`);
    }
  }
}

/** The checks of `validatePoints` short of its pass over the values: the object, its array and n × dim. */
export function validatePointShape(points: PointMatrix, name = 'points'): void {
  if (typeof points !== 'object' || points === null) {
    throw new TypeError(`${name} must be an object { values: Float64Array, n, dim }`);
  }
  if (!(points.values instanceof Float64Array)) {
    throw new TypeError(`${name}.values must be a Float64Array`);
  }
  if (!Number.isInteger(points.dim) || points.dim < 1) {
    throw new RangeError(`${name}.dim must be an integer ≥ 1, got ${points.dim}`);
  }
  if (!Number.isInteger(points.n) || points.n < 0) {
    throw new RangeError(`${name}.n must be an integer ≥ 0, got ${points.n}`);
  }
  if (points.values.length !== points.n * points.dim) {
    throw new RangeError(`${name}.values has ${points.values.length} numbers, expected n × dim = ${points.n} × ${points.dim}`);
  }
}

/** Throws unless `reference` has one finite number per objective. */
export function validateReference(reference: ArrayLike<number>, dim: number): void {
  if (typeof reference !== 'object' || reference === null || typeof reference.length !== 'number') {
    throw new TypeError('reference must be an array of numbers');
  }
  if (reference.length !== dim) {
    throw new RangeError(`reference has ${reference.length} values but the points have ${dim} objectives`);
  }
  for (let j = 0; j < dim; j++) {
    const value = reference[j];
    if (typeof value !== 'number') {
      throw new TypeError(`reference[${j}] must be a number, got ${typeof value}`);
    }
    if (!Number.isFinite(value)) {
      throw new RangeError(`reference[${j}] is ${describeNonFinite(value)}; values must be finite`);
    }
  }
}

/** Throws unless `maximise` is absent or one boolean per objective. */
export function validateObjectiveOptions(options: ObjectiveOptions | undefined, dim: number): void {
  const maximise = options?.maximise;
  if (maximise === undefined) return;
  if (!Array.isArray(maximise)) {
    throw new TypeError('options.maximise must be an array of booleans');
  }
  if (maximise.length !== dim) {
    throw new RangeError(`options.maximise has ${maximise.length} flags but the points have ${dim} objectives`);
  }
  maximise.forEach((flag, j) => {
    if (typeof flag !== 'boolean') {
      throw new TypeError(`options.maximise[${j}] must be a boolean, got ${typeof flag}`);
    }
  });
}

/** Sign that turns objective `j` into a minimised one: −1 when it is maximised. */
export function minimisationSign(options: ObjectiveOptions | undefined, j: number): 1 | -1 {
  return options?.maximise?.[j] === true ? -1 : 1;
}

/**
 * The rows with every objective turned into a minimised one (maximised objectives negated)
 * and −0 normalised to +0. Returns fresh arrays; the input is never modified.
 */
export function minimisationRows(points: PointMatrix, options?: ObjectiveOptions): number[][] {
  return rowsOf(points).map((row) => row.map((value, j) => minimisationSign(options, j) * value + 0));
}

/** The reference point in the same minimisation form as `minimisationRows`. */
export function minimisationReference(reference: ArrayLike<number>, options?: ObjectiveOptions): number[] {
  return Array.from(reference, (value, j) => minimisationSign(options, j) * value + 0);
}
