import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTree,
  dominanceNumbers,
  exp,
  goodBadLabels,
  type LamooNode,
  pointMatrix,
  selectBestLeaf,
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
    const objectives = fc
      .integer({ min: 2, max: 30 })
      .chain((n) => fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: n, maxLength: n }));
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
    expect(selectBestLeaf(single, 30, () => 0)).toEqual({ leaf: single, path: [] });
  });

  // root (20 samples) → good (12, value 3) → {gg (2, value 3), gb (10, value 1)}; bad (8, value 5), a leaf.
  const goodModel = constantModel(1);
  const badModel = constantModel(-1);
  const deep: LamooNode = {
    samples: [...Array(20).keys()],
    depth: 0,
    value: 6,
    split: {
      classifier: goodModel,
      good: {
        samples: [...Array(12).keys()],
        depth: 1,
        value: 3,
        split: {
          classifier: badModel,
          good: leaf([0, 1], 3, 2),
          bad: leaf(
            [...Array(10).keys()].map((i) => i + 2),
            1,
            2,
          ),
        },
      },
      bad: leaf(
        [...Array(8).keys()].map((i) => i + 12),
        5,
        1,
      ),
    },
  };

  it('should pick the best leaf among all leaves, with each leaf’s parent count (reference --node_select leaf)', () => {
    // cp 10: gg = 3 + 20·√(2 ln 12 / 2) ≈ 34.5; bad = 5 + 20·√(2 ln 20 / 8) ≈ 22.3; gb ≈ 1 + 20·√(2 ln 12 / 10) ≈ 15.1.
    const noTie = (): number => {
      throw new Error('no tie to break');
    };
    const best = selectBestLeaf(deep, 10, noTie);
    expect(best.leaf.samples).toEqual([0, 1]);
    expect(best.path.map((step) => [step.classifier, step.good])).toEqual([
      [goodModel, true],
      [badModel, true],
    ]);
    // Descending instead compares good (3 + 20·√(2 ln 20 / 12) ≈ 17.1) with bad (≈ 22.3) at the root.
    expect(selectLeaf(deep, 10, noTie).leaf.samples).toEqual(deep.split!.bad.samples);
  });

  it('should weigh each leaf’s exploration by its own parent’s sample count', () => {
    // bad (value 19, 8 of the root's 20): 19 + 20·√(2 ln 20 / 8) ≈ 36.3 beats gg (2 of good's 12) ≈ 34.5;
    // counting gg against the root's 20 instead would give it ≈ 37.6.
    const richBad: LamooNode = { ...deep, value: 20, split: { ...deep.split!, bad: leaf(deep.split!.bad.samples as number[], 19, 1) } };
    expect(selectBestLeaf(richBad, 10, () => 0).leaf.samples).toEqual(deep.split!.bad.samples);
  });

  it('should break ties among leaves with the caller’s choice, in breadth-first order (good first)', () => {
    // Cp 0: gg and bad... make all three leaves tie at value 4.
    const tied: LamooNode = {
      ...deep,
      split: {
        ...deep.split!,
        good: { ...deep.split!.good, split: { classifier: badModel, good: leaf([0, 1], 4, 2), bad: leaf([2, 3], 4, 2) } },
        bad: leaf([12], 4, 1),
      },
    };
    const counts: number[] = [];
    const pick = (k: number) => selectBestLeaf(tied, 0, (count) => (counts.push(count), k)).leaf.samples;
    expect(pick(0)).toEqual([12]); // depth 1 comes before depth 2
    expect(pick(1)).toEqual([0, 1]);
    expect(pick(2)).toEqual([2, 3]);
    expect(counts).toEqual([3, 3, 3]);
  });
});

describe('tree building', () => {
  const n = 24;
  const features = pointMatrix(Array.from({ length: n }, (_, i) => [i / n, 0.5]));
  // Objectives improve with the feature: low feature = good.
  const objectives = pointMatrix(Array.from({ length: n }, (_, i) => [i, i]));
  const input = { features, objectives, maximise: [false, false], reference: [n, n] };
  const parameters = { cp: 30, leafSize: 10, maxDepth: 3 };

  it('should split until the leaf size, and partition the samples', () => {
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

  it('should hand the samples to the children by label (reference), or by prediction when asked', () => {
    // The classifier also calls samples 12 and 13 good, which are labelled bad.
    const loose = () => thresholdModel(0.5 + 2 / n - 1e-9);
    const byLabels = buildTree(input, { ...parameters, maxDepth: 1 }, loose, specKernels);
    expect(byLabels.split!.good.samples).toEqual([...Array(12).keys()]);
    const byPredictions = buildTree(input, { ...parameters, maxDepth: 1, splitBy: 'predictions' }, loose, specKernels);
    expect(byPredictions.split!.good.samples).toEqual([...Array(14).keys()]);
    expect(byPredictions.split!.bad.samples).toEqual([...Array(10).keys()].map((i) => i + 14));
  });

  it('should train each node on its own samples with the good/bad labels', () => {
    const seen: { n: number; labels: number[] }[] = [];
    buildTree(
      input,
      parameters,
      (_, count, __, labels) => {
        seen.push({ n: count, labels: Array.from(labels) });
        return thresholdModel(0.5 - 1e-9);
      },
      specKernels,
    );
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
