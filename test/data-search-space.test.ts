import { beforeAll, describe, expect, it } from 'vitest';
import { hypervolume as specHypervolume, paretoRanks as specRanks } from '../spec/index.js';
import { DEFAULT_OBJECTIVES, objectiveSet, parseObjectives } from '../src/data/objectives.js';
import { archStringFromOpCodes, decodeEncoding, encodeOpCodes, opCodesFromArchString } from '../src/data/nb201-encoding.js';
import { loadSearchSpace, type SearchSpace } from '../src/data/search-space.js';
import { InputError } from '../src/errors.js';
import { hypervolume, paretoRanks } from '../src/pareto.js';

let space: SearchSpace;
beforeAll(() => {
  space = loadSearchSpace();
});

describe('the bundled NAS-Bench-201 space', () => {
  it('should hold 15,625 architectures in 6,466 isomorphism classes', () => {
    expect(space.size).toBe(15_625);
    expect(space.isomorphismClassCount()).toBe(6_466);
  });

  it('should have its best CIFAR-10 test accuracy, 94.3733, at index 6111', () => {
    const accuracy = space.column('c10_test_acc_200ep');
    const best = accuracy.reduce((bestIndex, value, i) => (value > accuracy[bestIndex]! ? i : bestIndex), 0);
    expect(best).toBe(6111);
    expect(accuracy[best]).toBeCloseTo(94.3733, 4);
  });

  it('should keep the all-conv3x3 cell at 93.76 (MODEL.md §1)', () => {
    const allConv = space.indexOfOpCodes([3, 3, 3, 3, 3, 3]);
    expect(space.column('c10_test_acc_200ep')[allConv]).toBeCloseTo(93.76, 2);
  });

  it('should have arch strings that agree with the op codes on every row', () => {
    for (let i = 0; i < space.size; i++) {
      expect(archStringFromOpCodes(space.opCodes(i))).toBe(space.archString(i));
    }
  });

  it('should convert between index, arch string, op codes and encoding both ways', () => {
    for (const i of [0, 1, 777, 6111, 15_624]) {
      const ops = space.opCodes(i);
      expect(space.indexOfArchString(space.archString(i))).toBe(i);
      expect(space.indexOfOpCodes(ops)).toBe(i);
      expect(opCodesFromArchString(space.archString(i))).toEqual(ops);
      expect(decodeEncoding(space.encoding(i))).toEqual(ops);
    }
    expect(Array.from(encodeOpCodes([0, 1, 2, 3, 4, 0]))).toEqual([0.1, 0.3, 0.5, 0.7, 0.9, 0.1]);
    expect(space.encodings().length).toBe(space.size * 6);
  });

  it('should reject bad indices, op codes, arch strings and encodings', () => {
    expect(() => space.archString(15_625)).toThrow(/0\.\.15624/);
    expect(() => space.indexOfOpCodes([5, 0, 0, 0, 0, 0])).toThrow(/op codes must be 6 integers/);
    expect(() => opCodesFromArchString('|conv~0|')).toThrow(/not a NAS-Bench-201 arch string/);
    expect(() => opCodesFromArchString('|a~0|+|b~0|c~1|+|d~0|e~1|f~2|')).toThrow(/unknown operation 'a'/);
    expect(() => decodeEncoding([0, 0, 0, 0, 0, 1])).toThrow(/coordinate 5 is 1/);
  });

  it('should group isomorphic twins under the smallest index', () => {
    const twins = space.isomorphicTwins(6111);
    expect(twins).toContain(6111);
    expect(twins[0]).toBe(space.isomorphismRepresentative(6111));
    const sizes = space.column('iso_class_size');
    expect(twins.length).toBe(sizes[6111]);
    expect(Math.max(...sizes)).toBe(275);
  });

  it('should derive fpga_energy_mj as 7 × the FPGA latency, all present, 7.9–60.7 mJ', () => {
    const energy = space.column('fpga_energy_mj');
    const latency = space.column('hwnb_fpga_latency_ms');
    energy.forEach((value, i) => expect(value).toBe(7 * latency[i]!));
    expect(Math.min(...energy)).toBeCloseTo(7.93, 2);
    expect(Math.max(...energy)).toBeCloseTo(60.75, 2);
  });

  it('should keep missing values missing (341 Jetson Nano latencies)', () => {
    const latency = space.column('eagle_jetson_nano_gpu_fp16_latency_s');
    expect(latency.filter(Number.isNaN).length).toBe(341);
  });

  it('should name the known columns when asked for an unknown one', () => {
    expect(() => space.column('edgegpu_energy')).toThrow(/unknown column 'edgegpu_energy'; known columns: index, /);
  });
});

describe('objective sets', () => {
  it('should parse the default objectives and keep every architecture', () => {
    const set = objectiveSet(space, parseObjectives(DEFAULT_OBJECTIVES, space));
    expect(set.objectives).toEqual([
      { column: 'c10_test_acc_200ep', direction: 'max' },
      { column: 'fpga_energy_mj', direction: 'min' },
    ]);
    expect(set.points.n).toBe(15_625);
    expect(set.excludedCount).toBe(0);
    expect(set.maximise).toEqual([true, false]);
    expect(set.defaultReference[0]).toBe(0);
    expect(set.defaultReference[1]).toBe(Math.max(...space.column('fpga_energy_mj')));
  });

  it('should exclude and count architectures with a missing value', () => {
    const set = objectiveSet(space, parseObjectives('c10_test_acc_200ep:max,eagle_jetson_nano_gpu_fp16_latency_s:min', space));
    expect(set.excludedCount).toBe(341);
    expect(set.points.n).toBe(15_625 - 341);
    expect(Array.from(set.points.values).some(Number.isNaN)).toBe(false);
  });

  it.each([
    ['c10_test_acc_200ep', /'c10_test_acc_200ep' must be column:max or column:min/],
    ['c10_test_acc_200ep:up', /must be column:max or column:min/],
    ['nope:max', /unknown column 'nope'/],
    ['fpga_energy_mj:min,fpga_energy_mj:min', /listed twice/],
    ['fpga_energy_mj:min,', /expected 'column:max\|min,…'/],
  ])('should reject %s', (text, message) => {
    expect(() => parseObjectives(text, space)).toThrow(InputError);
    expect(() => parseObjectives(text, space)).toThrow(message);
  });

  it('should find the true front of the default objectives: 16 architectures, HV 4919.14…', () => {
    const set = objectiveSet(space, parseObjectives(DEFAULT_OBJECTIVES, space));
    const ranks = paretoRanks(set.points, { maximise: set.maximise });
    expect(ranks.filter((rank) => rank === 0).length).toBe(16);
    expect(ranks[6111]).toBe(0);
    const hv = hypervolume(set.points, set.defaultReference, { maximise: set.maximise });
    expect(hv).toBeCloseTo(4919.142181333333, 9);
    // The spec agrees on the real data.
    expect(Math.abs(specHypervolume(set.points, set.defaultReference, { maximise: set.maximise }) - hv)).toBeLessThan(1e-8 * hv);
    expect(Array.from(specRanks(set.points, { maximise: set.maximise }))).toEqual(Array.from(ranks));
  });
});
