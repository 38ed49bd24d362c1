import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTree,
  dominanceNumbers,
  exp,
  goodBadLabels,
  type LamooNode,
  pointMatrix,
  selectLeaf,
  specKernels,
  type SvmModel,
  uct,
} from '../spec/index.js';

const constantModel = (intercept: number, dim = 2): SvmModel => ({
  kernel: 'linear',
  gamma: 1,
  coef0: 0,
  degree: 1,
  dim,
  supportVectors: new Float64Array(0),
  dualCoef: new Float64Array(0),
  intercept,
});

/** A linear model predicting good where feature 0 < threshold. */
const thresholdModel = (threshold: number): SvmModel => ({
  ...constantModel(threshold),
  supportVectors: Float64Array.of(1, 0),
  dualCoef: Float64Array.of(-1),
});

describe('dominance numbers and good/bad labels', () => {
  it('should count the other samples that weakly dominate each sample', () => {
    const objectives = pointMatrix([
      [1, 1],
      [2, 2],
      [1, 1],
      [0, 3],
    ]);
    expect(Array.from(dominanceNumbers(objectives))).toEqual([1, 2, 1, 0]);
    expect(Array.from(dominanceNumbers(objectives, [true, true]))).toEqual([2, 0, 2, 0]);
  });

  it('should label the ⌊n/2⌋ smallest dominance numbers good, ties in sample order', () => {
    const objectives = pointMatrix([
      [2, 2],
      [1, 1],
      [3, 3],
      [1, 1],
      [0, 5],
    ]);
    // numbers: 2, 1, 4, 1, 0 → order 4, 1, 3, 0, 2 → good: 4 and 1.
    expect(Array.from(goodBadLabels(objectives))).toEqual([-1, 1, -1, -1, 1]);
  });

  it('should give no bad sample a smaller dominance number than a good one', () => {
    const objectives = fc.integer({ min: 2, max: 30 }).chain((n) =>
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: n, maxLength: n }),
    );
    fc.assert(
      fc.property(objectives, (rows) => {
        const points = pointMatrix(rows);
        const numbers = dominanceNumbers(points);
        const labels = goodBadLabels(points);
        expect(labels.filter((label) => label === 1).length).toBe(Math.floor(rows.length / 2));
        const worstGood = Math.max(...numbers.filter((_, i) => labels[i] === 1));
        const bestBad = Math.min(...numbers.filter((_, i) => labels[i] === -1));
        expect(worstGood).toBeLessThanOrEqual(bestBad);
      }),
    );
  });
});

describe('UCT and leaf selection', () => {
  it('should add 2·Cp·√(2 ln n_parent / n) to the value', () => {
    expect(uct(100, 25, 50, 30)).toBeCloseTo(100 + 60 * Math.sqrt((2 * Math.log(50)) / 25), 12);
    expect(uct(1, 10, 20, 0)).toBe(1);
  });

  const leaf = (samples: number[], value: number, depth: number): LamooNode => ({ samples, value, depth });
  const root = (goodValue: number, badValue: number): LamooNode => ({
    samples: [0, 1, 2, 3],
    depth: 0,
    value: 10,
    split: { classifier: constantModel(1), good: leaf([0, 1], goodValue, 1), bad: leaf([2, 3], badValue, 1) },
  });

  it('should follow the child of larger UCT', () => {
    const { leaf: chosen, path } = selectLeaf(root(5, 3), 30, () => {
      throw new Error('no tie to break');
    });
    expect(chosen.samples).toEqual([0, 1]);
    expect(path.map((step) => step.good)).toEqual([true]);
    expect(selectLeaf(root(3, 5), 30, () => 0).path[0]!.good).toBe(false);
  });

  it('should break ties with the caller’s random choice', () => {
    expect(selectLeaf(root(4, 4), 30, () => 0).path[0]!.good).toBe(true);
    expect(selectLeaf(root(4, 4), 30, () => 1).path[0]!.good).toBe(false);
  });

  it('should return the root itself when it has not split', () => {
    const single = leaf([0], 1, 0);
    expect(selectLeaf(single, 30, () => 0)).toEqual({ leaf: single, path: [] });
  });
});

describe('tree building', () => {
  const n = 24;
  const features = pointMatrix(Array.from({ length: n }, (_, i) => [i / n, 0.5]));
  // Objectives improve with the feature: low feature = good.
  const objectives = pointMatrix(Array.from({ length: n }, (_, i) => [i, i]));
  const input = { features, objectives, maximise: [false, false], reference: [n, n] };
  const parameters = { cp: 30, leafSize: 10, maxDepth: 3 };

  it('should split by the classifier’s predictions until the leaf size, and partition the samples', () => {
    const tree = buildTree(input, parameters, () => thresholdModel(0.5 - 1e-9), specKernels);
    expect(tree.split).toBeDefined();
    const { good, bad } = tree.split!;
    expect(good.samples).toEqual([...Array(12).keys()]);
    expect(bad.samples).toEqual([...Array(12).keys()].map((i) => i + 12));
    expect(good.depth).toBe(1);
    expect(tree.value).toBe(specKernels.hypervolume(objectives, [n, n]));
  });

  it('should not split a node of at most leafSize samples or at the depth limit', () => {
    expect(buildTree(input, { ...parameters, leafSize: n }, () => thresholdModel(0.5), specKernels).split).toBeUndefined();
    expect(buildTree(input, { ...parameters, maxDepth: 0 }, () => thresholdModel(0.5), specKernels).split).toBeUndefined();
  });

  it('should not split when the classifier predicts one class on the node’s samples', () => {
    expect(buildTree(input, parameters, () => constantModel(1), specKernels).split).toBeUndefined();
    expect(buildTree(input, parameters, () => constantModel(-1), specKernels).split).toBeUndefined();
  });

  it('should train each node on its own samples with the good/bad labels', () => {
    const seen: { n: number; labels: number[] }[] = [];
    buildTree(input, parameters, (_, count, __, labels) => {
      seen.push({ n: count, labels: Array.from(labels) });
      return thresholdModel(0.5 - 1e-9);
    }, specKernels);
    expect(seen[0]!.n).toBe(24);
    expect(seen[0]!.labels).toEqual([...Array(24)].map((_, i) => (i < 12 ? 1 : -1)));
  });
});

describe('the portable exp', () => {
  it('should be within one ulp of Math.exp and exact at the special points', () => {
    fc.assert(
      fc.property(fc.double({ min: -800, max: 800, noNaN: true }), (x) => {
        const [ours, platform] = [exp(x), Math.exp(x)];
        if (platform === 0 || !Number.isFinite(platform)) expect(ours).toBe(platform);
        else expect(Math.abs(ours - platform)).toBeLessThanOrEqual(Math.abs(platform) * Number.EPSILON);
      }),
    );
    expect(exp(0)).toBe(1);
    expect(exp(-1000)).toBe(0);
    expect(exp(1000)).toBe(Infinity);
    expect(Number.isNaN(exp(Number.NaN))).toBe(true);
    expect(exp(-745.2)).toBe(0);
    expect(exp(-740)).toBeGreaterThan(0);
  });
});
