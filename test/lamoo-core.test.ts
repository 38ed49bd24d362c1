import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionValue, type KernelName, type PathStep, predictRows, regionMembership, type SvmModel } from '../spec/index.js';
import { predictOnGrid } from '../src/lamoo/optimizer.js';
import { classifyGrid, decisionGrid, decisionPoints } from '../src/wasm/classify.js';

const GRID_VALUES = [0.1, 0.3, 0.5, 0.7, 0.9];

/** Every point of the grid with `edges` coordinates (edge 0 varies fastest), as the core numbers them. */
function gridPoints(values: readonly number[], edges: number): { values: Float64Array; n: number; dim: number } {
  const n = values.length ** edges;
  const all = new Float64Array(n * edges);
  for (let p = 0; p < n; p++) {
    let rest = p;
    for (let k = 0; k < edges; k++) {
      all[p * edges + k] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
  }
  return { values: all, n, dim: edges };
}

function modelArbitrary(dim: number, supportValues: fc.Arbitrary<number>): fc.Arbitrary<SvmModel> {
  return fc
    .record({
      kernel: fc.constantFrom<KernelName>('linear', 'poly', 'rbf'),
      gamma: fc.double({ min: 0.01, max: 20, noNaN: true }),
      coef0: fc.double({ min: -2, max: 2, noNaN: true }),
      degree: fc.integer({ min: 1, max: 5 }),
      count: fc.integer({ min: 0, max: 25 }),
      intercept: fc.double({ min: -3, max: 3, noNaN: true }),
    })
    .chain((m) =>
      fc
        .tuple(
          fc.array(supportValues, { minLength: m.count * dim, maxLength: m.count * dim }),
          fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: m.count, maxLength: m.count }),
        )
        .map(([sv, coef]) => ({
          kernel: m.kernel,
          gamma: m.gamma,
          coef0: m.coef0,
          degree: m.degree,
          dim,
          supportVectors: Float64Array.from(sv),
          dualCoef: Float64Array.from(coef),
          intercept: m.intercept,
        })),
    );
}

const constantModel = (): SvmModel => ({
  kernel: 'linear',
  gamma: 1,
  coef0: 0,
  degree: 1,
  dim: 6,
  supportVectors: new Float64Array(0),
  dualCoef: new Float64Array(0),
  intercept: 1,
});

const supportValue = fc.oneof(fc.constantFrom(...GRID_VALUES), fc.double({ min: -1, max: 2, noNaN: true }));

describe('grid classification: core = spec, bit for bit', () => {
  it('should give identical decision values at every grid point', () => {
    const cases = fc
      .integer({ min: 1, max: 4 })
      .chain((edges) =>
        fc.tuple(fc.constant(edges), modelArbitrary(edges, supportValue), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 })),
      );
    fc.assert(
      fc.property(cases, ([edges, model, values]) => {
        const grid = gridPoints(values, edges);
        const core = decisionGrid(model, values, edges);
        for (let p = 0; p < grid.n; p++) {
          const expected = decisionValue(model, grid.values.subarray(p * edges, (p + 1) * edges));
          expect(Object.is(core[p], expected) || (core[p] === 0 && expected === 0)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('should give identical region membership along random paths on the NAS-Bench-201 grid', () => {
    const paths = fc.array(fc.tuple(modelArbitrary(6, supportValue), fc.boolean()), { minLength: 0, maxLength: 4 });
    const grid = gridPoints(GRID_VALUES, 6);
    fc.assert(
      fc.property(paths, (steps) => {
        const path: PathStep[] = steps.map(([classifier, good]) => ({ classifier, good }));
        expect(classifyGrid(path, GRID_VALUES, 6)).toEqual(regionMembership(path, grid));
      }),
      { numRuns: 25 },
    );
  });

  it('should give the spec’s verdicts on sample rows through the grid predictor', () => {
    const cases = fc.tuple(
      modelArbitrary(6, supportValue),
      fc.array(fc.array(fc.constantFrom(...GRID_VALUES), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 40 }),
    );
    fc.assert(
      fc.property(cases, ([model, rows]) => {
        const features = { values: Float64Array.from(rows.flat()), n: rows.length, dim: 6 };
        expect(predictOnGrid(model, features)).toEqual(predictRows(model, features));
      }),
      { numRuns: 30 },
    );
  });

  it('should give the dense decision values at listed points, bit for bit', () => {
    const cases = fc.tuple(modelArbitrary(6, supportValue), fc.array(fc.integer({ min: 0, max: 15_624 }), { maxLength: 60 }));
    fc.assert(
      fc.property(cases, ([model, points]) => {
        const dense = decisionGrid(model, GRID_VALUES, 6);
        expect(Array.from(decisionPoints(model, GRID_VALUES, 6, points))).toEqual(points.map((p) => dense[p]));
      }),
      { numRuns: 20 },
    );
    expect(() => decisionPoints({ ...constantModel(), dim: 6 }, GRID_VALUES, 6, [15_625])).toThrow(/outside 0\.\.15624/);
  });

  it('should reject malformed models and grids', () => {
    const bad: SvmModel = {
      kernel: 'rbf',
      gamma: 1,
      coef0: 0,
      degree: 1,
      dim: 6,
      supportVectors: new Float64Array(5),
      dualCoef: Float64Array.of(1),
      intercept: 0,
    };
    expect(() => classifyGrid([{ classifier: bad, good: true }], GRID_VALUES, 6)).toThrow(/1 coefficients but 0.83/);
    const wrongDim: SvmModel = { ...bad, dim: 5, supportVectors: new Float64Array(5) };
    expect(() => classifyGrid([{ classifier: wrongDim, good: true }], GRID_VALUES, 6)).toThrow(/malformed classifier model/);
    expect(() => classifyGrid([], GRID_VALUES, 20)).toThrow(/at most 2\^24 points/);
  });
});
