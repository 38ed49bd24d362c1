import { describe, expect, it } from 'vitest';
import type { ParetoKernels } from '../spec/index.js';
import { combineProcesses, compareFigures, formatComparison, measureFigures, type MeasuredCode, PRODUCT_CODE } from '../bench/regression.js';
import { wasmKernels } from '../src/wasm/kernels.js';

/**
 * The core with its 2-D hypervolume made 100 times slower (the same answer, computed 100
 * times): far beyond the noise of timing the spec side, which varies by up to 3× with JIT state.
 */
const SLOWED: MeasuredCode = {
  ...PRODUCT_CODE,
  core: {
    ...wasmKernels,
    hypervolume: (...args: Parameters<ParetoKernels['hypervolume']>) => {
      for (let k = 0; k < 99; k++) wasmKernels.hypervolume(...args);
      return wasmKernels.hypervolume(...args);
    },
  },
};

describe('regression benchmarks', () => {
  it('should fail a deliberately slowed kernel against the product’s own baseline', () => {
    // Arrange
    const only = ['speedup:hypervolume-2d-n4000'];
    const baseline = measureFigures(PRODUCT_CODE, 3, only);
    // Act
    const rows = compareFigures(measureFigures(SLOWED, 3, only), baseline);
    // Assert
    expect(rows).toHaveLength(1);
    expect(rows[0]!.passed).toBe(false);
    expect(rows[0]!.ratio!).toBeLessThan(0.2);
    expect(formatComparison(rows)).toContain('REGRESSION');
  });

  it('should pass figures within the tolerance and new figures, and fail those beyond it', () => {
    const baseline = { a: { value: 10, unit: '×' }, b: { value: 10, unit: '×' } };
    const rows = compareFigures({ a: { value: 6.5, unit: '×' }, b: { value: 5.5, unit: '×' }, c: { value: 1, unit: '×' } }, baseline, 0.4);
    expect(rows.map((row) => [row.name, row.passed])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });

  it('should draw the check from the best process and the baseline from the median one', () => {
    const figure = (value: number) => ({ value, unit: '×' });
    const processes = [
      { a: figure(95), b: figure(3) },
      { a: figure(140), b: figure(1) },
      { a: figure(93), b: figure(2) },
      { a: figure(100), b: figure(5) },
    ];
    expect(combineProcesses(processes, 'best')).toEqual({ a: figure(140), b: figure(5) });
    // Of an even count, the lower middle: the baseline errs towards the slow mode.
    expect(combineProcesses(processes, 'median')).toEqual({ a: figure(95), b: figure(2) });
    expect(combineProcesses(processes.slice(0, 3), 'median')).toEqual({ a: figure(95), b: figure(2) });
  });

  it('should refuse processes that measured different figures, or none', () => {
    expect(() => combineProcesses([{ a: { value: 1, unit: '×' } }, {}], 'best')).toThrow(/process 2 did not measure a/);
    expect(() => combineProcesses([{ a: { value: 1, unit: '×' } }, { a: { value: 1, unit: '×' }, b: { value: 2, unit: '×' } }], 'best')).toThrow(
      /process 2 measured b, which process 1 did not/,
    );
    expect(() => combineProcesses([], 'median')).toThrow(/no process/);
  });
});
