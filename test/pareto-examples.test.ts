import { expect, it } from 'vitest';
import { pointMatrix } from '../spec/index.js';
import { describeImpl } from './support/describe-impl.js';

const MOOCORE_EXAMPLE = pointMatrix([
  [5, 5],
  [4, 6],
  [2, 7],
  [7, 4],
]);

describeImpl('hypervolume', (impl) => {
  it('should give 38 for the moocore documentation example', () => {
    expect(impl.hypervolume(MOOCORE_EXAMPLE, [10, 10])).toBe(38);
  });

  it('should give 0 for an empty set', () => {
    expect(impl.hypervolume(pointMatrix([], 3), [1, 1, 1])).toBe(0);
  });

  it('should give the box volume for a single point', () => {
    expect(impl.hypervolume(pointMatrix([[1, 2, 3]]), [2, 4, 7])).toBe(1 * 2 * 4);
  });

  it('should give max(0, ref − min) in 1-D', () => {
    expect(impl.hypervolume(pointMatrix([[3], [1.5], [4]]), [5])).toBe(3.5);
    expect(impl.hypervolume(pointMatrix([[6]]), [5])).toBe(0);
  });

  it('should ignore points on or beyond the reference in any objective', () => {
    const points = pointMatrix([
      [1, 1],
      [0, 10],
      [10, 0],
      [12, -5],
    ]);
    expect(impl.hypervolume(points, [10, 10])).toBe(81);
  });

  it('should count duplicates and dominated points once', () => {
    const points = pointMatrix([
      [1, 1],
      [1, 1],
      [2, 2],
    ]);
    expect(impl.hypervolume(points, [3, 3])).toBe(4);
  });

  it('should treat −0 as 0 and never return −0', () => {
    const hv = impl.hypervolume(pointMatrix([[-0, 1]]), [1, 2]);
    expect(hv).toBe(1);
    expect(Object.is(impl.hypervolume(pointMatrix([[1, 1]]), [1, 1]), 0)).toBe(true);
  });

  it('should maximise the flagged objectives', () => {
    // Accuracy (max) against energy (min): reference (0, 10).
    const points = pointMatrix([
      [90, 5],
      [80, 2],
    ]);
    expect(impl.hypervolume(points, [0, 10], { maximise: [true, false] })).toBe(90 * 5 + 80 * 3);
  });

  it('should compute exact 4-D to 6-D volumes on small integers', () => {
    const four = pointMatrix([
      [1, 2, 3, 4],
      [4, 3, 2, 1],
      [2, 2, 2, 2],
    ]);
    // Inclusion–exclusion by hand: boxes 4·3·2·1 + 1·2·3·4 + 3·3·3·3 − overlaps.
    // pairs: (1,2)&(2,2) corner (2,2,3,4): 3·3·2·1=18; (4,3)&(2,2) corner (4,3,2,2): 1·2·3·3=18;
    // (1,2)&(4,3) corner (4,3,3,4): 1·2·2·1=4; triple corner (4,3,3,4): 4.
    expect(impl.hypervolume(four, [5, 5, 5, 5])).toBe(24 + 24 + 81 - 18 - 18 - 4 + 4);
    const six = pointMatrix([[0, 0, 0, 0, 0, 0]]);
    expect(impl.hypervolume(six, [1, 2, 1, 2, 1, 2])).toBe(8);
  });

  it('should reject NaN, infinities and a reference of the wrong dimension', () => {
    expect(() => impl.hypervolume(pointMatrix([[1, Number.NaN]]), [2, 2])).toThrow(/point 0, objective 1 is NaN/);
    expect(() => impl.hypervolume(pointMatrix([[1, Infinity]]), [2, 2])).toThrow(RangeError);
    expect(() => impl.hypervolume(pointMatrix([[1, 1]]), [2, -Infinity])).toThrow(/reference\[1\] is -Infinity/);
    expect(() => impl.hypervolume(pointMatrix([[1, 1]]), [2, 2, 2])).toThrow(/reference has 3 values but the points have 2 objectives/);
  });

  it('should name a non-finite point before a bad reference or options, in every kernel, maximised or not', () => {
    const nan = pointMatrix([
      [1, 2, 3],
      [1, Number.NaN, 3],
    ]);
    expect(() => impl.hypervolumeContributions(nan, [4, 4])).toThrow(/point 1, objective 1 is NaN/);
    expect(() => impl.hypervolume(nan, [4, 4, 4], { maximise: [true] })).toThrow(/point 1, objective 1 is NaN/);
    expect(() => impl.hypervolumeContributions(nan, [4, 4, 4], { maximise: [true, true, false] })).toThrow(/point 1, objective 1 is NaN/);
    expect(() => impl.paretoRanks(nan, { maximise: [true, false, true] })).toThrow(/point 1, objective 1 is NaN/);
  });

  it('should reject malformed point sets with the argument named', () => {
    expect(() => impl.hypervolume({ values: [1, 2] as unknown as Float64Array, n: 1, dim: 2 }, [3, 3])).toThrow(TypeError);
    expect(() => impl.hypervolume({ values: new Float64Array(3), n: 2, dim: 2 }, [3, 3])).toThrow(/n × dim/);
    expect(() => impl.hypervolume({ values: new Float64Array(0), n: 0, dim: 0 }, [])).toThrow(/dim must be an integer ≥ 1/);
    expect(() => impl.hypervolume(pointMatrix([[1, 1]]), [2, 2], { maximise: [true] })).toThrow(/maximise has 1 flags/);
  });
});

describeImpl('paretoRanks', (impl) => {
  it('should rank the moocore example as one front', () => {
    expect(Array.from(impl.paretoRanks(MOOCORE_EXAMPLE))).toEqual([0, 0, 0, 0]);
  });

  it('should peel fronts and give duplicates the same rank', () => {
    const points = pointMatrix([
      [3, 3],
      [1, 1],
      [2, 2],
      [1, 1],
      [1, 3],
      [3, 1],
    ]);
    expect(Array.from(impl.paretoRanks(points))).toEqual([2, 0, 1, 0, 1, 1]);
  });

  it('should handle empty input, one point and 1-D', () => {
    expect(impl.paretoRanks(pointMatrix([], 2)).length).toBe(0);
    expect(Array.from(impl.paretoRanks(pointMatrix([[7, 7, 7]])))).toEqual([0]);
    expect(Array.from(impl.paretoRanks(pointMatrix([[2], [1], [2], [-0], [0]])))).toEqual([2, 1, 2, 0, 0]);
  });

  it('should reverse the order of a chain when the objectives are maximised', () => {
    const chain = pointMatrix([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    expect(Array.from(impl.paretoRanks(chain))).toEqual([0, 1, 2]);
    expect(Array.from(impl.paretoRanks(chain, { maximise: [true, true, true] }))).toEqual([2, 1, 0]);
  });

  it('should reject NaN with the point named', () => {
    expect(() =>
      impl.paretoRanks(
        pointMatrix([
          [1, 1],
          [Number.NaN, 0],
        ]),
      ),
    ).toThrow(/point 1, objective 0 is NaN/);
  });
});

describeImpl('hypervolumeContributions', (impl) => {
  it('should give each point of the moocore example its exclusive area', () => {
    expect(Array.from(impl.hypervolumeContributions(MOOCORE_EXAMPLE, [10, 10]))).toEqual([2, 1, 6, 3]);
  });

  it('should give 0 to duplicates, dominated points and points outside the reference', () => {
    const points = pointMatrix([
      [1, 1, 1],
      [1, 1, 1],
      [2, 2, 2],
      [0, 5, 0],
      [3, 0, 0],
    ]);
    const contributions = impl.hypervolumeContributions(points, [4, 4, 4]);
    expect(contributions[0]).toBe(0);
    expect(contributions[1]).toBe(0);
    expect(contributions[2]).toBe(0);
    expect(contributions[3]).toBe(0);
    expect(contributions[4]).toBeGreaterThan(0);
  });

  it('should count what a removed point uncovers of the points it alone dominates', () => {
    // (1,2) is dominated only by (1,0): removing (1,0) leaves (1,2)'s box covered.
    const points = pointMatrix([
      [1, 2],
      [1, 0],
    ]);
    expect(Array.from(impl.hypervolumeContributions(points, [3, 3]))).toEqual([0, 4]);
  });

  it('should give the gap to the runner-up in 1-D', () => {
    expect(Array.from(impl.hypervolumeContributions(pointMatrix([[3], [1], [2]]), [5]))).toEqual([0, 1, 0]);
    expect(Array.from(impl.hypervolumeContributions(pointMatrix([[1], [1]]), [5]))).toEqual([0, 0]);
  });

  it('should return an empty array for an empty set', () => {
    expect(impl.hypervolumeContributions(pointMatrix([], 2), [1, 1]).length).toBe(0);
  });
});

describeImpl('overflow', (impl) => {
  const OVERFLOW = /^hypervolume overflows: the volume exceeds the largest double/;

  it.each([
    ['1-D', [[-1e308]], [1e308]],
    ['2-D', [[-1e300, -1e300]], [1e300, 1e300]],
    [
      '3-D',
      [
        [0, 0, 0],
        [1, 1, -1],
      ],
      [1e200, 1e200, 1e200],
    ],
    [
      '4-D',
      [
        [0, 0, 0, 0],
        [1, 0, 0, 0],
      ],
      [1e100, 1e100, 1e100, 1e100],
    ],
  ])('should reject a hypervolume beyond the largest double in %s with a RangeError naming the overflow', (_, rows, reference) => {
    const points = pointMatrix(rows);
    expect(() => impl.hypervolume(points, reference)).toThrow(RangeError);
    expect(() => impl.hypervolume(points, reference)).toThrow(OVERFLOW);
    expect(() => impl.hypervolumeContributions(points, reference)).toThrow(OVERFLOW);
  });

  it('should reject contributions when the whole set overflows, even where each contribution is finite', () => {
    // Each point alone covers 1e300 − 1 beyond the other; together they cover about 1e600.
    expect(() =>
      impl.hypervolumeContributions(
        pointMatrix([
          [0, 1],
          [1, 0],
        ]),
        [1e300, 1e300],
      ),
    ).toThrow(OVERFLOW);
  });

  it('should still compute volumes up to the largest double, and subnormal ones', () => {
    expect(impl.hypervolume(pointMatrix([[0, 0]]), [1e154, 1e154])).toBe(1e154 * 1e154);
    expect(impl.hypervolume(pointMatrix([[0, 0]]), [5e-324, 1])).toBe(5e-324);
    // Both boxes overlap in a square of 1e308 − …: the total stays finite, and so do the contributions.
    const contributions = impl.hypervolumeContributions(
      pointMatrix([
        [0, 1e150],
        [1e150, 0],
      ]),
      [1e154, 1e154],
    );
    const total = impl.hypervolume(
      pointMatrix([
        [0, 1e150],
        [1e150, 0],
      ]),
      [1e154, 1e154],
    );
    for (const value of contributions) expect(Math.abs(value - 1e150 * (1e154 - 1e150))).toBeLessThan(total * 1e-8);
  });

  it.each([
    ['minimised', undefined],
    ['maximised', { maximise: [true, true] }],
  ])('should give contributions when only points outside the reference box span more than the largest double (%s)', (_, options) => {
    // The far point lies outside in y: the box over all points overflows, the volume does not.
    const sign = options === undefined ? 1 : -1;
    const points = pointMatrix([
      [sign * 0, sign * 1],
      [sign * 1, sign * 0],
      [sign * -1e308, sign * 5],
    ]);
    expect(Array.from(impl.hypervolumeContributions(points, [sign * 2, sign * 2], options))).toEqual([1, 1, 0]);
  });

  it('should give contributions when the box of the inside points overflows but their volume does not', () => {
    // Two long thin boxes: their bounding box is about 1e616, their union about 1e308.
    const points = pointMatrix([
      [-1e308, 1.5],
      [1.5, -1e308],
    ]);
    const contributions = impl.hypervolumeContributions(points, [2, 2]);
    for (const value of contributions) expect(value).toBe((2 + 1e308) * 0.5 - 0.25);
  });
});
