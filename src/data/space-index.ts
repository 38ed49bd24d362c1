/**
 * The search space's classifier arrays in binary (`data/nasbench201.index.gz`): every
 * architecture's encoding (size × 6, (k + 0.5) / 5 per edge) and its index in the core's grid
 * order. Computing them row by row from the `op_code` text column took 100–150 ms at the
 * start of every simulation on this project's 2-core machine; this file is read in a few.
 * `scripts/pack-data.ts` writes it from `nasbench201.cols`, which stays the source;
 * test/data-binaries.test.ts checks it equals a fresh computation byte for byte.
 *
 *   gzip of: "CENASIDX1\n" | u32 LE rows | 2 zero bytes | f64 LE encodings[rows × 6] | i32 LE gridIndex[rows]
 */

import { endianness } from 'node:os';
import { EDGE_COUNT } from './nb201-encoding.js';

export const SPACE_INDEX_FILE = 'data/nasbench201.index.gz';
const MAGIC = 'CENASIDX1\n';
const HEADER_BYTES = 16; // magic, rows, padding: the arrays start 8-aligned
const LITTLE_ENDIAN = endianness() === 'LE';

export interface SpaceArrays {
  /** Row-major, size × 6. */
  readonly encodings: Float64Array;
  readonly gridIndex: Int32Array;
}

export function encodeSpaceIndex({ encodings, gridIndex }: SpaceArrays): Buffer {
  const rows = gridIndex.length;
  if (encodings.length !== rows * EDGE_COUNT) throw new RangeError(`${encodings.length} encoding values for ${rows} rows`);
  const bytes = Buffer.alloc(HEADER_BYTES + rows * EDGE_COUNT * 8 + rows * 4);
  bytes.write(MAGIC, 0, 'latin1');
  bytes.writeUInt32LE(rows, MAGIC.length);
  encodings.forEach((value, i) => bytes.writeDoubleLE(value, HEADER_BYTES + i * 8));
  const gridStart = HEADER_BYTES + rows * EDGE_COUNT * 8;
  gridIndex.forEach((value, i) => bytes.writeInt32LE(value, gridStart + i * 4));
  return bytes;
}

/** The arrays of an uncompressed space index of `rows` rows; throws when it is not one. */
export function decodeSpaceIndex(bytes: Buffer, rows: number, source: string): SpaceArrays {
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${source}: not a ce-nas space index`);
  if (bytes.readUInt32LE(MAGIC.length) !== rows || bytes.length !== HEADER_BYTES + rows * (EDGE_COUNT * 8 + 4)) {
    throw new Error(`${source}: not an index of ${rows} architectures`);
  }
  const encodings = new Float64Array(rows * EDGE_COUNT);
  const gridIndex = new Int32Array(rows);
  const gridStart = HEADER_BYTES + rows * EDGE_COUNT * 8;
  if (LITTLE_ENDIAN) {
    new Uint8Array(encodings.buffer).set(bytes.subarray(HEADER_BYTES, gridStart));
    new Uint8Array(gridIndex.buffer).set(bytes.subarray(gridStart));
  } else {
    for (let i = 0; i < encodings.length; i++) encodings[i] = bytes.readDoubleLE(HEADER_BYTES + i * 8);
    for (let i = 0; i < rows; i++) gridIndex[i] = bytes.readInt32LE(gridStart + i * 4);
  }
  return { encodings, gridIndex };
}
