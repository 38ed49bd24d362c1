import { beforeAll, describe, expect, it } from 'vitest';
import { inRegion } from '../spec/index.js';
import { DEFAULT_OBJECTIVES, objectiveSet, type ObjectiveSet, parseObjectives } from '../src/data/objectives.js';
import { loadSearchSpace, type SearchSpace } from '../src/data/search-space.js';
import { DEFAULT_LAMOO_OPTIONS, LamooOptimizer, RBF_SVM_OPTIONS } from '../src/lamoo/optimizer.js';
import { Random } from '../src/random.js';

let space: SearchSpace;
let set: ObjectiveSet;
beforeAll(() => {
  space = loadSearchSpace();
  set = objectiveSet(space, parseObjectives(DEFAULT_OBJECTIVES, space));
});

function sample(count: number, seed: number): number[] {
  const random = new Random(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.int(space.size));
  return [...chosen];
}

// `selectRegion` and `regionMask` are what the simulator calls each decision epoch.
describe('LamooOptimizer', () => {
  it('should select the whole space while the root cannot split', () => {
    const region = new LamooOptimizer(space, set, set.defaultReference).selectRegion(sample(10, 1), new Random(0));
    expect(region.path).toEqual([]);
    expect(region.regionMask).toEqual(new Uint8Array(space.size).fill(1));
  });

  it('should select exactly the architectures the spec puts in the selected region', () => {
    const trained = sample(80, 2);
    const optimizer = new LamooOptimizer(space, set, set.defaultReference);
    const region = optimizer.selectRegion(trained, new Random(0));
    expect(region.path.length).toBeGreaterThan(0);
    expect(region.tree.samples.length).toBe(80);
    const expected = Uint8Array.from({ length: space.size }, (_, architecture) => (inRegion(region.path, space.encoding(architecture)) ? 1 : 0));
    expect(region.regionMask).toEqual(expected);
    expect(optimizer.regionMask(region.path)).toEqual(expected);
    expect(region.regionMask.some((inside) => inside === 0)).toBe(true);
  });

  it('should widen to the parent’s region when the path loses its last step', () => {
    const optimizer = new LamooOptimizer(space, set, set.defaultReference, { ...DEFAULT_LAMOO_OPTIONS, classifier: RBF_SVM_OPTIONS });
    const { path, regionMask } = optimizer.selectRegion(sample(80, 5), new Random(1));
    expect(path.length).toBeGreaterThan(1);
    const parent = optimizer.regionMask(path.slice(0, -1));
    regionMask.forEach((inside, architecture) => inside === 1 && expect(parent[architecture]).toBe(1));
    expect(parent.reduce((sum, inside) => sum + inside, 0)).toBeGreaterThan(regionMask.reduce((sum, inside) => sum + inside, 0));
  });

  it('should be deterministic for a seed and follow the tree’s UCT choice', () => {
    const trained = sample(60, 3);
    const optimizer = new LamooOptimizer(space, set, set.defaultReference, { ...DEFAULT_LAMOO_OPTIONS, classifier: RBF_SVM_OPTIONS });
    const first = optimizer.selectRegion(trained, new Random(7));
    const second = optimizer.selectRegion(trained, new Random(7));
    expect(second.path.map((step) => step.good)).toEqual(first.path.map((step) => step.good));
    expect(second.regionMask).toEqual(first.regionMask);
    expect(first.leaf.samples.length).toBeLessThan(60);
  });

  it('should reject architectures outside the objective set and a reference of the wrong size', () => {
    const jetson = objectiveSet(space, parseObjectives('c10_test_acc_200ep:max,eagle_jetson_nano_gpu_fp16_latency_s:min', space));
    const missing = [...Array(space.size).keys()].find((i) => Number.isNaN(space.column('eagle_jetson_nano_gpu_fp16_latency_s')[i]!))!;
    expect(() => new LamooOptimizer(space, jetson, jetson.defaultReference).selectRegion([missing], new Random(0))).toThrow(/not in the objective set/);
    expect(() => new LamooOptimizer(space, set, [0])).toThrow(/reference has 1 values for 2 objectives/);
  });
});
