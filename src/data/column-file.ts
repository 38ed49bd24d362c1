/**
 * The bundled columnar table format (`*.cols.gz`): gzip of
 *   "CENASCOL1\n" | u32 LE header length | header JSON (UTF-8) | zero padding to 8 | columns
 * where the header is `{ rows, numeric: [{ name, offset }], text: { name: string[] } }` and
 * each numeric column is `rows` little-endian f64 values at `offset` bytes from the start of
 * the column area (NaN = missing). Loading is a gunzip and typed-array copies, far faster
 * than parsing the CSV sources it is packed from (`scripts/pack-data.ts`).
 */

import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';

const MAGIC = 'CENASCOL1\n';

export interface ColumnTable {
  readonly rows: number;
  readonly numeric: ReadonlyMap<string, Float64Array>;
  readonly text: ReadonlyMap<string, readonly string[]>;
}

interface Header {
  rows: number;
  numeric: { name: string; offset: number }[];
  text: Record<string, readonly string[]>;
}

export function encodeColumnTable(table: ColumnTable): Buffer {
  const numeric = [...table.numeric.entries()];
  const header: Header = {
    rows: table.rows,
    numeric: numeric.map(([name], k) => ({ name, offset: k * table.rows * 8 })),
    text: Object.fromEntries(table.text),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = MAGIC.length + 4 + headerBytes.length;
  const padding = (8 - (prefixLength % 8)) % 8;
  const body = Buffer.alloc(numeric.length * table.rows * 8);
  numeric.forEach(([name, values], k) => {
    if (values.length !== table.rows) throw new RangeError(`column ${name} has ${values.length} rows, expected ${table.rows}`);
    for (let i = 0; i < values.length; i++) body.writeDoubleLE(values[i]!, k * table.rows * 8 + i * 8);
  });
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return gzipSync(Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, headerBytes, Buffer.alloc(padding), body]), { level: 9 });
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** `count` little-endian f64 values from `bytes` at `start`, copied into a new array. */
function readDoublesLE(bytes: Buffer, start: number, count: number): Float64Array {
  if (LITTLE_ENDIAN) {
    const begin = bytes.byteOffset + start;
    return new Float64Array(bytes.buffer.slice(begin, begin + count * 8));
  }
  return Float64Array.from({ length: count }, (_, i) => bytes.readDoubleLE(start + i * 8));
}

/** Decodes a table; `source` names the file in errors. */
export function decodeColumnTable(compressed: Uint8Array, source: string): ColumnTable {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed);
  } catch (error) {
    throw new Error(`${source}: not a gzip file (${(error as Error).message})`);
  }
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${source}: not a ce-nas column table`);
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  const header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as Header;
  const bodyStart = headerStart + headerLength + ((8 - ((headerStart + headerLength) % 8)) % 8);
  const numeric = new Map<string, Float64Array>();
  for (const { name, offset } of header.numeric) {
    const start = bodyStart + offset;
    if (start + header.rows * 8 > bytes.length) throw new Error(`${source}: column ${name} is truncated`);
    numeric.set(name, readDoublesLE(bytes, start, header.rows));
  }
  const text = new Map<string, readonly string[]>();
  for (const [name, values] of Object.entries(header.text)) {
    if (values.length !== header.rows) throw new Error(`${source}: text column ${name} has ${values.length} rows, expected ${header.rows}`);
    text.set(name, values);
  }
  return { rows: header.rows, numeric, text };
}
