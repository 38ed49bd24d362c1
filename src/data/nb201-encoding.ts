/**
 * NAS-Bench-201 cell encodings (Dong & Yang 2020). A cell has 6 edges, each carrying one
 * of 5 operations; the arch string lists them node by node:
 *   |op~0|+|op~0|op~1|+|op~0|op~1|op~2|     edges (1←0), (2←0), (2←1), (3←0), (3←1), (3←2)
 * Op codes are the 6 operation numbers in that order; the classifier encoding maps op k of
 * an edge to (k + 0.5) / 5, the centre of its bin in [0, 1) (MODEL.md §1).
 */

export const OPERATIONS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const EDGE_COUNT = 6;
/** Input node of each edge, in arch-string order. */
const EDGE_SOURCES = [0, 0, 1, 0, 1, 2] as const;

export type OpCodes = readonly number[];

function checkOpCodes(ops: OpCodes): void {
  if (ops.length !== EDGE_COUNT || ops.some((op) => !Number.isInteger(op) || op < 0 || op >= OPERATIONS.length)) {
    throw new RangeError(`op codes must be ${EDGE_COUNT} integers in 0..${OPERATIONS.length - 1}, got [${ops.join(', ')}]`);
  }
}

export function archStringFromOpCodes(ops: OpCodes): string {
  checkOpCodes(ops);
  const edge = (k: number) => `${OPERATIONS[ops[k]!]}~${EDGE_SOURCES[k]}`;
  return `|${edge(0)}|+|${edge(1)}|${edge(2)}|+|${edge(3)}|${edge(4)}|${edge(5)}|`;
}

const ARCH_PATTERN = /^\|([a-z_0-9]+)~0\|\+\|([a-z_0-9]+)~0\|([a-z_0-9]+)~1\|\+\|([a-z_0-9]+)~0\|([a-z_0-9]+)~1\|([a-z_0-9]+)~2\|$/;

export function opCodesFromArchString(arch: string): number[] {
  const match = ARCH_PATTERN.exec(arch);
  if (match === null) throw new RangeError(`'${arch}' is not a NAS-Bench-201 arch string (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|)`);
  return match.slice(1).map((name) => {
    const code = OPERATIONS.indexOf(name as Operation);
    if (code < 0) throw new RangeError(`'${arch}': unknown operation '${name}' (known: ${OPERATIONS.join(', ')})`);
    return code;
  });
}

/** "421211" ↔ [4, 2, 1, 2, 1, 1] (the data's `op_code` column). */
export function opCodesFromDigits(digits: string): number[] {
  if (!/^[0-4]{6}$/.test(digits)) throw new RangeError(`'${digits}' is not six op digits 0–4`);
  return Array.from(digits, Number);
}

export function digitsFromOpCodes(ops: OpCodes): string {
  checkOpCodes(ops);
  return ops.join('');
}

/** The classifier encoding: (k + 0.5) / 5 per edge. */
export function encodeOpCodes(ops: OpCodes): Float64Array {
  checkOpCodes(ops);
  return Float64Array.from(ops, (op) => (op + 0.5) / OPERATIONS.length);
}

/** Inverse of `encodeOpCodes` for any point of [0, 1)^6: the bin of each coordinate. */
export function decodeEncoding(encoding: ArrayLike<number>): number[] {
  if (encoding.length !== EDGE_COUNT) throw new RangeError(`an encoding has ${EDGE_COUNT} coordinates, got ${encoding.length}`);
  return Array.from(encoding, (x, k) => {
    if (!(x >= 0 && x < 1)) throw new RangeError(`encoding coordinate ${k} is ${x}; it must lie in [0, 1)`);
    return Math.floor(x * OPERATIONS.length);
  });
}

/**
 * Index of an architecture in the grid order of the core's classifier (edge 0 varies
 * fastest): Σ_k op_k · 5^k.
 */
export function gridIndexOfOpCodes(ops: OpCodes): number {
  checkOpCodes(ops);
  return ops.reduceRight((index, op) => index * OPERATIONS.length + op, 0);
}

/** The encoding values of the 5 operations, (k + 0.5) / 5, in op-code order. */
export const ENCODING_VALUES: readonly number[] = OPERATIONS.map((_, k) => (k + 0.5) / OPERATIONS.length);
