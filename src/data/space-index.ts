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

import { f64FromBytes, f64ToBytes, i32FromBytes, i32ToBytes } from '../binary.js';
import { EDGE_COUNT } from './nb201-encoding.js';

export const SPACE_INDEX_FILE = 'data/nasbench201.index.gz';
const MAGIC = 'CENASIDX1\n';
const HEADER_BYTES = 16; // magic, rows, padding: the arrays start 8-aligned

export interface SpaceArrays {
  /** Row-major, size × 6. */
  readonly encodings: Float64Array;
  readonly gridIndex: Int32Array;
}

export function encodeSpaceIndex({ encodings, gridIndex }: SpaceArrays): Buffer {
  const rows = gridIndex.length;
  if (encodings.length !== rows * EDGE_COUNT) throw new RangeError(`${encodings.length} encoding values for ${rows} rows`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(rows, MAGIC.length);
  return Buffer.concat([header, f64ToBytes(encodings), i32ToBytes(gridIndex)]);
}

/** The arrays of an uncompressed space index of `rows` rows; throws when it is not one. */
export function decodeSpaceIndex(bytes: Buffer, rows: number, source: string): SpaceArrays {
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${source}: not a ce-nas space index`);
  if (bytes.readUInt32LE(MAGIC.length) !== rows || bytes.length !== HEADER_BYTES + rows * (EDGE_COUNT * 8 + 4)) {
    throw new Error(`${source}: not an index of ${rows} architectures`);
  }
  const gridStart = HEADER_BYTES + rows * EDGE_COUNT * 8;
  const encodings = f64FromBytes(bytes, HEADER_BYTES, rows * EDGE_COUNT);
  const gridIndex = i32FromBytes(bytes, gridStart, rows);
  return { encodings, gridIndex };
}
