/**
 * The shared generators reach the corners they promise (src/conformance/arbitraries.ts):
 * were they clamped again, or the grid reference moved outside the grid, these fail.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../spec/index.js';
import { conformanceFunction } from '../src/conformance/functions/index.js';
import { expectedAnswer } from '../src/conformance/runner.js';
import { doubleCase, gridCase, mixedCase, outcome } from './support/generators.js';

const SAMPLE = { seed: 1, numRuns: 400 };
const valuesOf = (cases: readonly { points: { values: Float64Array } }[]) => cases.flatMap((c) => Array.from(c.points.values));

describe('shared point-set generators', () => {
  it('should reach magnitudes near ±1e300, subnormals and −0 in doubles', () => {
    const values = valuesOf(fc.sample(doubleCase, SAMPLE));
    expect(values.some((v) => v >= 1e299)).toBe(true);
    expect(values.some((v) => v <= -1e299)).toBe(true);
    expect(values.some((v) => v !== 0 && Math.abs(v) < 2.2250738585072014e-308)).toBe(true);
    expect(values.some((v) => Object.is(v, -0))).toBe(true);
    expect(values.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e300)).toBe(true);
  });

  it('should put grid points on and beyond the reference', () => {
    const cases = fc.sample(gridCase, SAMPLE);
    const beyond = (c: (typeof cases)[number]) => Array.from(c.points.values).some((v, k) => v > c.reference[k % c.points.dim]!);
    const on = (c: (typeof cases)[number]) => Array.from(c.points.values).some((v, k) => v === c.reference[k % c.points.dim]!);
    expect(cases.some(beyond)).toBe(true);
    expect(cases.some(on)).toBe(true);
  });

  it('should mix grid integers and fractional doubles within one set', () => {
    const mixed = fc.sample(mixedCase, SAMPLE).filter((c) => {
      const values = Array.from(c.points.values);
      return values.some((v) => Number.isInteger(v) && v >= 0 && v <= 5) && values.some((v) => !Number.isInteger(v));
    });
    expect(mixed.length).toBeGreaterThan(20);
  });

  it('should produce overflowing hypervolumes as well as finite ones', () => {
    const results = fc.sample(doubleCase, SAMPLE).map(({ points, reference }) => outcome(() => hypervolume(points, reference)));
    expect(results.filter((r) => 'error' in r).length).toBeGreaterThan(10);
    expect(results.filter((r) => 'value' in r && r.value > 0).length).toBeGreaterThan(50);
  });

  it('should give the conformance kit the same corners: overflow errors among its hypervolume cases', () => {
    const definition = conformanceFunction('hypervolume')!;
    const answers = fc.sample(definition.arbitrary, SAMPLE).map((args) => expectedAnswer(definition, args));
    expect(answers.filter((answer) => 'error' in answer).length).toBeGreaterThan(5);
    expect(answers.filter((answer) => 'result' in answer && (answer.result as number) > 0).length).toBeGreaterThan(100);
  });
});
