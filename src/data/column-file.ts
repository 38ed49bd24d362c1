/**
 * The bundled columnar table format (`*.cols`):
 *   "CENASCOL2\n" | u32 LE header length | header JSON (UTF-8) | column blocks
 * The header is `{ rows, columns: [{ name, kind: 'f64' | 'text', offset, bytes }] }`, with
 * offsets counted from the first block. A block is gzip of `rows` little-endian f64 values
 * (NaN = missing) or of a JSON array of `rows` strings. Each column is decompressed on first
 * use, so opening the table costs a header parse and a user pays only for the columns read
 * (the simulator reads a handful of the 60). Written by `scripts/pack-data.ts`.
 */

import { f64FromBytes, f64ToBytes } from '../binary.js';
import { gunzipSync, gzipSync } from 'node:zlib';

const MAGIC = 'CENASCOL2\n';

type ColumnKind = 'f64' | 'text';

interface ColumnEntry {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly offset: number;
  readonly bytes: number;
}

interface Header {
  readonly rows: number;
  readonly columns: readonly ColumnEntry[];
}

export function encodeColumnTable(
  rows: number,
  numeric: ReadonlyMap<string, Float64Array>,
  text: ReadonlyMap<string, readonly string[]>,
): Buffer {
  const blocks: Buffer[] = [];
  const columns: ColumnEntry[] = [];
  let offset = 0;
  const add = (name: string, kind: ColumnKind, raw: Buffer) => {
    const block = gzipSync(raw, { level: 9 });
    columns.push({ name, kind, offset, bytes: block.length });
    blocks.push(block);
    offset += block.length;
  };
  for (const [name, values] of numeric) {
    if (values.length !== rows) throw new RangeError(`column ${name} has ${values.length} rows, expected ${rows}`);
    add(name, 'f64', f64ToBytes(values));
  }
  for (const [name, values] of text) {
    if (values.length !== rows) throw new RangeError(`column ${name} has ${values.length} rows, expected ${rows}`);
    add(name, 'text', Buffer.from(JSON.stringify(values), 'utf8'));
  }
  const header = Buffer.from(JSON.stringify({ rows, columns } satisfies Header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, header, ...blocks]);
}

/** A column table whose columns are decompressed on first use and then cached. */
export class ColumnTable {
  readonly rows: number;
  readonly numericNames: readonly string[];
  readonly textNames: readonly string[];
  private readonly entries: Map<string, ColumnEntry>;
  private readonly blocksStart: number;
  private readonly numericCache = new Map<string, Float64Array>();
  private readonly textCache = new Map<string, readonly string[]>();

  constructor(
    private readonly bytes: Buffer,
    private readonly source: string,
  ) {
    if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${source}: not a ce-nas column table`);
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    const headerStart = MAGIC.length + 4;
    const header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as Header;
    this.rows = header.rows;
    this.blocksStart = headerStart + headerLength;
    this.entries = new Map(header.columns.map((entry) => [entry.name, entry]));
    this.numericNames = header.columns.filter((c) => c.kind === 'f64').map((c) => c.name);
    this.textNames = header.columns.filter((c) => c.kind === 'text').map((c) => c.name);
  }

  private inflate(name: string, kind: ColumnKind): Buffer {
    const entry = this.entries.get(name);
    if (entry === undefined || entry.kind !== kind) throw new RangeError(`${this.source}: no ${kind} column '${name}'`);
    const start = this.blocksStart + entry.offset;
    if (start + entry.bytes > this.bytes.length) throw new Error(`${this.source}: column ${name} is truncated`);
    return gunzipSync(this.bytes.subarray(start, start + entry.bytes));
  }

  numeric(name: string): Float64Array {
    let values = this.numericCache.get(name);
    if (values === undefined) {
      const raw = this.inflate(name, 'f64');
      if (raw.length !== this.rows * 8) throw new Error(`${this.source}: column ${name} has ${raw.length / 8} values, expected ${this.rows}`);
      values = f64FromBytes(raw, 0, this.rows);
      this.numericCache.set(name, values);
    }
    return values;
  }

  text(name: string): readonly string[] {
    let values = this.textCache.get(name);
    if (values === undefined) {
      values = JSON.parse(this.inflate(name, 'text').toString('utf8')) as string[];
      if (values.length !== this.rows) throw new Error(`${this.source}: column ${name} has ${values.length} rows, expected ${this.rows}`);
      this.textCache.set(name, values);
    }
    return values;
  }
}
