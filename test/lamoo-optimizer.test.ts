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

describe('LamooOptimizer', () => {
  it('should propose the whole space, minus what is trained, while the root cannot split', () => {
    const trained = sample(10, 1);
    const proposal = new LamooOptimizer(space, set, set.defaultReference).propose(trained, new Random(0));
    expect(proposal.path).toEqual([]);
    expect(proposal.regionSize).toBe(15_625);
    expect(proposal.members.length).toBe(15_625 - 10);
    for (const architecture of trained) expect(proposal.members).not.toContain(architecture);
  });

  it('should propose exactly the architectures the spec puts in the selected region', () => {
    const trained = sample(80, 2);
    const proposal = new LamooOptimizer(space, set, set.defaultReference).propose(trained, new Random(0));
    expect(proposal.path.length).toBeGreaterThan(0);
    expect(proposal.tree.samples.length).toBe(80);
    const members = new Set(proposal.members);
    let inside = 0;
    for (let architecture = 0; architecture < space.size; architecture++) {
      const expected = inRegion(proposal.path, space.encoding(architecture));
      if (expected) inside++;
      expect(members.has(architecture)).toBe(expected && !trained.includes(architecture));
    }
    expect(proposal.regionSize).toBe(inside);
  });

  it('should be deterministic for a seed and follow the tree’s UCT choice', () => {
    const trained = sample(60, 3);
    const optimizer = new LamooOptimizer(space, set, set.defaultReference, { ...DEFAULT_LAMOO_OPTIONS, classifier: RBF_SVM_OPTIONS });
    const first = optimizer.propose(trained, new Random(7));
    const second = optimizer.propose(trained, new Random(7));
    expect(second.members).toEqual(first.members);
    expect(first.leaf.samples.length).toBeLessThan(60);
  });

  it('should exclude isomorphic twins of trained architectures when asked', () => {
    const trained = [6111, ...sample(9, 4).filter((a) => a !== 6111)].slice(0, 10);
    const optimizer = new LamooOptimizer(space, set, set.defaultReference, { ...DEFAULT_LAMOO_OPTIONS, excludeTwins: true });
    const members = new Set(optimizer.propose(trained, new Random(0)).members);
    for (const twin of space.isomorphicTwins(6111)) expect(members.has(twin)).toBe(false);
  });

  it('should reject architectures outside the objective set and a reference of the wrong size', () => {
    const jetson = objectiveSet(space, parseObjectives('c10_test_acc_200ep:max,eagle_jetson_nano_gpu_fp16_latency_s:min', space));
    const missing = [...Array(space.size).keys()].find((i) => Number.isNaN(space.column('eagle_jetson_nano_gpu_fp16_latency_s')[i]!))!;
    expect(() => new LamooOptimizer(space, jetson, jetson.defaultReference).propose([missing], new Random(0))).toThrow(/not in the objective set/);
    expect(() => new LamooOptimizer(space, set, [0])).toThrow(/reference has 1 values for 2 objectives/);
  });
});
