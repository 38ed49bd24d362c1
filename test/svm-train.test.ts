import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decisionValue, gammaScale, type KernelName, kernelValue, type SvmModel } from '../spec/index.js';
import { trainSvmCore, trainSvmCoreCounted } from '../src/wasm/svm-train.js';
import { gramKernel } from '../src/lamoo/smo-solver.js';
import { REFERENCE_SVM_OPTIONS, trainSvm, trainSvmCounted } from '../src/lamoo/svm-train.js';
import { DEFAULT_OBJECTIVES, objectiveSet, parseObjectives } from '../src/data/objectives.js';
import { EDGE_COUNT } from '../src/data/nb201-encoding.js';
import { loadSearchSpace } from '../src/data/search-space.js';
import { Random } from '../src/random.js';
import { goodBadLabels } from '../spec/index.js';

interface FixtureCase {
  name: string;
  kernel: KernelName;
  gammaOption: number | 'scale';
  gamma: number;
  degree: number;
  coef0: number;
  c: number;
  tolerance: number;
  x: number[];
  n: number;
  dim: number;
  y: number[];
  test: number[];
  support: number[];
  intercept: number;
  decision: number[];
  predicted: number[];
}

/** A training at LaMOO's settings (tolerance 1e-3, shrinking), where the result depends on the SMO's path. */
interface PathCase {
  name: string;
  gamma: number;
  x: number[];
  n: number;
  dim: number;
  y: number[];
  test: number[];
  /** libsvm's n_iter_. */
  iterations: number;
  /** scikit-learn's support_, in libsvm's order. */
  support: number[];
  intercept: number;
  decision: number[];
}

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/svm-sklearn.json', import.meta.url), 'utf8')) as { cases: FixtureCase[]; pathCases: PathCase[] };

/** Decision values agree within 1e-6 relative to the largest of the case (the bar). */
const RELATIVE_TOLERANCE = 1e-6;

describe('C-SVC trainer against scikit-learn fixtures', () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('should reproduce %s', (_, fixture) => {
    // Arrange
    const features = Float64Array.from(fixture.x);
    const labels = Int8Array.from(fixture.y);
    // Act
    const model = trainSvm(features, fixture.n, fixture.dim, labels, {
      kernel: fixture.kernel,
      gamma: fixture.gammaOption,
      coef0: fixture.coef0,
      degree: fixture.degree,
      c: fixture.c,
      tolerance: fixture.tolerance,
    });
    // Assert
    expect(model.gamma).toBe(fixture.gamma);
    const scale = Math.max(...fixture.decision.map(Math.abs));
    fixture.decision.forEach((expected, k) => {
      const actual = decisionValue(model, fixture.test.slice(k * fixture.dim, (k + 1) * fixture.dim));
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * scale);
      expect(actual > 0 ? 1 : -1).toBe(fixture.predicted[k]);
    });
    expect(Math.abs(model.intercept - fixture.intercept)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, Math.abs(fixture.intercept)));
  });
});

describe('C-SVC trainers take libsvm’s path at LaMOO’s settings', () => {
  /** Same iterations means the same path; what is left is rounding in the kernel's power. */
  const PATH_TOLERANCE = 1e-9;

  it.each(fixtures.pathCases.flatMap((c) => [['spec', c.name, c] as const, ['core', c.name, c] as const]))('%s trainer: %s', (backend, _, fixture) => {
    // Arrange
    const features = Float64Array.from(fixture.x);
    const labels = Int8Array.from(fixture.y);
    // Act
    const { model, iterations } = (backend === 'spec' ? trainSvmCounted : trainSvmCoreCounted)(features, fixture.n, fixture.dim, labels, REFERENCE_SVM_OPTIONS);
    // Assert
    expect(model.gamma).toBe(fixture.gamma);
    expect(iterations).toBe(fixture.iterations);
    const supportRows = fixture.support.flatMap((row) => fixture.x.slice(row * fixture.dim, (row + 1) * fixture.dim));
    expect(Array.from(model.supportVectors)).toEqual(supportRows);
    const scale = Math.max(...fixture.decision.map(Math.abs));
    fixture.decision.forEach((expected, k) => {
      const actual = decisionValue(model, fixture.test.slice(k * fixture.dim, (k + 1) * fixture.dim));
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(PATH_TOLERANCE * scale);
    });
    expect(Math.abs(model.intercept - fixture.intercept)).toBeLessThanOrEqual(PATH_TOLERANCE * Math.max(1, Math.abs(fixture.intercept)));
  });
});

describe('trainSvm', () => {
  const x = Float64Array.from([0.1, 0.1, 0.9, 0.9, 0.1, 0.3, 0.7, 0.9]);
  const y = Int8Array.from([-1, 1, -1, 1]);

  it('should separate a separable set with the reference options', () => {
    const model = trainSvm(x, 4, 2, y, REFERENCE_SVM_OPTIONS);
    for (let i = 0; i < 4; i++) expect(decisionValue(model, x.slice(2 * i, 2 * i + 2)) > 0).toBe(y[i] === 1);
  });

  it('should be deterministic', () => {
    expect(trainSvm(x, 4, 2, y, REFERENCE_SVM_OPTIONS)).toEqual(trainSvm(x, 4, 2, y, REFERENCE_SVM_OPTIONS));
  });

  it('should keep Σ coef = 0 and every |coef| ≤ C (the dual constraints)', () => {
    const fixture = fixtures.cases[0]!;
    const model = trainSvm(Float64Array.from(fixture.x), fixture.n, 6, Int8Array.from(fixture.y), { ...REFERENCE_SVM_OPTIONS, c: 0.5 });
    expect(Math.abs(model.dualCoef.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    for (const coef of model.dualCoef) expect(Math.abs(coef)).toBeLessThanOrEqual(0.5 + 1e-12);
  });

  it('should reject one-class labels, bad shapes and bad options', () => {
    expect(() => trainSvm(x, 4, 2, Int8Array.from([1, 1, 1, 1]), REFERENCE_SVM_OPTIONS)).toThrow(/both classes/);
    expect(() => trainSvm(x, 3, 2, y, REFERENCE_SVM_OPTIONS)).toThrow(/n × dim/);
    expect(() => trainSvm(x, 4, 2, Int8Array.from([1, 0, -1, 1]), REFERENCE_SVM_OPTIONS)).toThrow(/\+1 or −1/);
    expect(() => trainSvm(x, 4, 2, y, { ...REFERENCE_SVM_OPTIONS, degree: 2.5 })).toThrow(/degree/);
  });

  it('should compute gamma=scale as 1 / (features × variance), 1 for constant data', () => {
    expect(gammaScale([0, 1, 0, 1], 2)).toBe(1 / (2 * 0.25));
    expect(gammaScale([3, 3, 3, 3], 2)).toBe(1);
  });
});

describe('gramKernel', () => {
  const value = fc.oneof(fc.constantFrom(0, -0, 0.1, 0.3, 0.5, 0.7, 0.9), fc.double({ min: -2, max: 2, noNaN: true }));
  it('should equal the spec kernelValue bit for bit, for every kernel and for grid, −0 and arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((dim) => fc.array(fc.array(value, { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: 12 })),
        fc.constantFrom<KernelName>('linear', 'poly', 'rbf'),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (rowsArrays, kernel, gamma) => {
          // Arrange
          const rows = rowsArrays.map((row) => Float64Array.from(row));
          const parameters = { kernel, gamma, coef0: 0.5, degree: 3 };
          // Act
          const kernelAt = gramKernel(parameters, rows);
          // Assert
          rows.forEach((x, i) => rows.forEach((z, j) => expect(Object.is(kernelAt(i, j), kernelValue(parameters, x, z))).toBe(true)));
        },
      ),
    );
  });
});

function sameModel(a: SvmModel, b: SvmModel): boolean {
  return (
    Object.is(a.intercept, b.intercept) &&
    a.gamma === b.gamma &&
    a.dualCoef.length === b.dualCoef.length &&
    a.dualCoef.every((value, k) => Object.is(value, b.dualCoef[k])) &&
    a.supportVectors.every((value, k) => Object.is(value, b.supportVectors[k]))
  );
}

describe('SMO in the WebAssembly core', () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('should train the same model as the TypeScript trainer bit for bit on %s', (_, fixture) => {
    const options = {
      kernel: fixture.kernel,
      gamma: fixture.gammaOption,
      coef0: fixture.coef0,
      degree: fixture.degree,
      c: fixture.c,
      tolerance: fixture.tolerance,
    };
    const features = Float64Array.from(fixture.x);
    const labels = Int8Array.from(fixture.y);
    expect(sameModel(trainSvmCore(features, fixture.n, fixture.dim, labels, options), trainSvm(features, fixture.n, fixture.dim, labels, options))).toBe(true);
  });

  it('should train the same model bit for bit on arbitrary grid and continuous data, every kernel', () => {
    const gridValue = fc.constantFrom(0.1, 0.3, 0.5, 0.7, 0.9);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((dim) =>
          fc
            .array(fc.tuple(fc.array(fc.oneof(gridValue, fc.double({ min: -1, max: 1, noNaN: true })), { minLength: dim, maxLength: dim }), fc.boolean()), {
              minLength: 2,
              maxLength: 60,
            })
            .map((rows) => ({ dim, rows })),
        ),
        fc.constantFrom<KernelName>('linear', 'poly', 'rbf'),
        fc.constantFrom(0.5, 1, 10),
        fc.constantFrom(undefined, 3, 50),
        ({ dim, rows }, kernel, c, maxIterations) => {
          const labels = Int8Array.from(rows, ([, good], k) => (k === 0 ? 1 : k === 1 ? -1 : good ? 1 : -1));
          const features = Float64Array.from(rows.flatMap(([x]) => x));
          // A few iteration limits stop SMO early, with variables still shrunk.
          const options = { ...REFERENCE_SVM_OPTIONS, kernel, c, gamma: 'scale' as const, ...(maxIterations === undefined ? {} : { maxIterations }) };
          expect(sameModel(trainSvmCore(features, rows.length, dim, labels, options), trainSvm(features, rows.length, dim, labels, options))).toBe(true);
        },
      ),
    );
  });

  // The core keeps its active set contiguous by swapping variables' data when it shrinks
  // (the TypeScript twin permutes an index list); LaMOO's root nodes, hundreds of samples
  // and tens of thousands of iterations, shrink and grow the active set thousands of times.
  it.each([
    ['polynomial', 'poly', 300, undefined],
    ['polynomial, stopped early', 'poly', 250, 4000],
    ['RBF', 'rbf', 300, undefined],
  ] as const)('should train the same model bit for bit on a LaMOO-sized node (%s)', (_, kernel, n, maxIterations) => {
    // Arrange: n random architectures labelled as a LaMOO root labels them
    const space = loadSearchSpace();
    const set = objectiveSet(space, parseObjectives(DEFAULT_OBJECTIVES, space));
    const random = new Random(n);
    const rows = Array.from({ length: n }, () => random.int(set.indices.length));
    const features = new Float64Array(n * EDGE_COUNT);
    const objectives = new Float64Array(n * 2);
    rows.forEach((row, k) => {
      features.set(space.encoding(set.indices[row]!), k * EDGE_COUNT);
      objectives.set(set.points.values.subarray(row * 2, row * 2 + 2), k * 2);
    });
    const labels = goodBadLabels({ values: objectives, n, dim: 2 }, set.maximise);
    const options = { ...REFERENCE_SVM_OPTIONS, kernel, ...(maxIterations === undefined ? {} : { maxIterations }) };
    // Act
    const core = trainSvmCore(features, n, EDGE_COUNT, labels, options);
    const twin = trainSvm(features, n, EDGE_COUNT, labels, options);
    // Assert
    expect(core.dualCoef.length).toBeGreaterThan(10);
    expect(sameModel(core, twin)).toBe(true);
  });

  it('should reject labels other than ±1 and malformed parameters before training', () => {
    const features = Float64Array.from([0.1, 0.9]);
    expect(() => trainSvmCore(features, 2, 1, Int8Array.from([1, 0]), REFERENCE_SVM_OPTIONS)).toThrow();
    expect(() => trainSvmCore(features, 2, 1, Int8Array.from([1, -1]), { ...REFERENCE_SVM_OPTIONS, c: -1 })).toThrow();
  });
});
