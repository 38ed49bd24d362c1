/** Comparison of an implementation's answer with the spec's, within a function's tolerance. */

import type { Tolerance } from './functions/types.js';

function close(expected: number, actual: unknown, tolerance: Tolerance, total: number): boolean {
  if (typeof actual !== 'number') return false;
  if (tolerance.kind === 'exact') return Object.is(expected + 0, actual + 0);
  const scale = tolerance.kind === 'relative' ? Math.abs(expected) : total;
  return Math.abs(actual - expected) <= tolerance.value * Math.max(1, scale);
}

function sumOfMagnitudes(value: unknown): number {
  if (typeof value === 'number') return Math.abs(value);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + sumOfMagnitudes(item), 0);
  return 0;
}

/** Why `actual` does not meet `expected` within the tolerance, or undefined when it does. */
export function disagreement(
  expected: unknown,
  actual: unknown,
  tolerance: Tolerance,
  path = 'result',
  total: number = sumOfMagnitudes(expected),
): string | undefined {
  if (typeof expected === 'number') {
    return close(expected, actual, tolerance, total) ? undefined : `${path}: expected ${expected}, got ${JSON.stringify(actual)}`;
  }
  if (typeof expected === 'boolean' || typeof expected === 'string' || expected === null) {
    return Object.is(expected, actual) ? undefined : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path}: expected ${expected.length} values, got ${JSON.stringify(actual)}`;
    }
    for (let k = 0; k < expected.length; k++) {
      const reason = disagreement(expected[k], actual[k], tolerance, `${path}[${k}]`, total);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
      const reason = disagreement(value, (actual as Record<string, unknown>)[key], tolerance, `${path}.${key}`, total);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
  return `${path}: unexpected expected value`;
}
