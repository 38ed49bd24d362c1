/**
 * Little-endian arrays in the project's binary files (the column tables, the space index, the
 * trace binaries): one place that writes and reads them, copying bytes straight on a
 * little-endian machine and going value by value elsewhere.
 */

import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/** `values` as little-endian doubles. */
export function f64ToBytes(values: Float64Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const bytes = Buffer.alloc(values.length * 8);
  values.forEach((value, i) => bytes.writeDoubleLE(value, i * 8));
  return bytes;
}

/** `count` little-endian doubles from `offset` of `bytes`, in a fresh array. */
export function f64FromBytes(bytes: Buffer, offset: number, count: number): Float64Array {
  const values = new Float64Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + count * 8));
  else for (let i = 0; i < count; i++) values[i] = bytes.readDoubleLE(offset + i * 8);
  return values;
}

/** `values` as little-endian 32-bit integers. */
export function i32ToBytes(values: Int32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeInt32LE(value, i * 4));
  return bytes;
}

/** `count` little-endian 32-bit integers from `offset` of `bytes`, in a fresh array. */
export function i32FromBytes(bytes: Buffer, offset: number, count: number): Int32Array {
  const values = new Int32Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + count * 4));
  else for (let i = 0; i < count; i++) values[i] = bytes.readInt32LE(offset + i * 4);
  return values;
}
