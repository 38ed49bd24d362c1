/**
 * The NAS-Bench-201 search space: 15,625 architectures with their benchmark metrics as
 * columns of typed arrays (NaN = missing), indexed by the NB201 `index`.
 */

import { readFileSync } from 'node:fs';
import { packageFile } from '../package-files.js';
import { type ColumnTable, decodeColumnTable } from './column-file.js';
import { digitsFromOpCodes, EDGE_COUNT, encodeOpCodes, opCodesFromArchString, opCodesFromDigits } from './nb201-encoding.js';

export const NASBENCH201_FILE = 'data/nasbench201.cols.gz';
export const NASBENCH201_SIZE = 15_625;

/** Columns computed from bundled ones (documented in data/README.md). */
const DERIVED_COLUMNS: Readonly<Record<string, { readonly from: string; readonly compute: (value: number) => number }>> = {
  // HW-NAS-Bench's FPGA energy equals 7 × its FPGA latency on every row checked (MODEL.md §1).
  fpga_energy_mj: { from: 'hwnb_fpga_latency_ms', compute: (latencyMs) => 7 * latencyMs },
};

export class SearchSpace {
  readonly name = 'nasbench201';
  readonly size: number;
  /** Every numeric column, bundled and derived. */
  readonly columnNames: readonly string[];
  private readonly numeric: Map<string, Float64Array>;
  private readonly archStrings: readonly string[];
  private readonly opCodeDigits: readonly string[];
  private readonly isoRepresentatives: Int32Array;
  private indexByDigits: Map<string, number> | undefined;

  constructor(table: ColumnTable, source: string) {
    const text = (name: string) => {
      const values = table.text.get(name);
      if (values === undefined) throw new Error(`${source}: missing text column ${name}`);
      return values;
    };
    this.size = table.rows;
    this.numeric = new Map(table.numeric);
    for (const [name, { from, compute }] of Object.entries(DERIVED_COLUMNS)) {
      this.numeric.set(name, this.requireColumn(from, source).map(compute));
    }
    this.columnNames = [...this.numeric.keys()];
    this.archStrings = text('arch_str');
    this.opCodeDigits = text('op_code');
    const index = this.requireColumn('index', source);
    index.forEach((value, i) => {
      if (value !== i) throw new Error(`${source}: row ${i} has index ${value}; rows must be sorted by index`);
    });
    this.isoRepresentatives = Int32Array.from(this.requireColumn('iso_rep_index', source));
  }

  private requireColumn(name: string, source: string): Float64Array {
    const values = this.numeric.get(name);
    if (values === undefined) throw new Error(`${source}: missing column ${name}`);
    return values;
  }

  hasColumn(name: string): boolean {
    return this.numeric.has(name);
  }

  /** The values of a column in index order (NaN where the source has no value). Do not modify. */
  column(name: string): Float64Array {
    const values = this.numeric.get(name);
    if (values === undefined) {
      throw new RangeError(`unknown column '${name}'; known columns: ${this.columnNames.join(', ')}`);
    }
    return values;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`architecture index must be an integer in 0..${this.size - 1}, got ${index}`);
    }
  }

  archString(index: number): string {
    this.checkIndex(index);
    return this.archStrings[index]!;
  }

  opCodes(index: number): number[] {
    this.checkIndex(index);
    return opCodesFromDigits(this.opCodeDigits[index]!);
  }

  /** The classifier encoding of one architecture ((k + 0.5) / 5 per edge). */
  encoding(index: number): Float64Array {
    return encodeOpCodes(this.opCodes(index));
  }

  /** Encodings of every architecture, row-major (size × 6), for classifying the whole space. */
  encodings(): Float64Array {
    const all = new Float64Array(this.size * EDGE_COUNT);
    for (let i = 0; i < this.size; i++) all.set(this.encoding(i), i * EDGE_COUNT);
    return all;
  }

  indexOfOpCodes(ops: readonly number[]): number {
    this.indexByDigits ??= new Map(this.opCodeDigits.map((digits, i) => [digits, i]));
    const digits = digitsFromOpCodes(ops);
    const index = this.indexByDigits.get(digits);
    if (index === undefined) throw new RangeError(`no architecture has op codes ${digits}`);
    return index;
  }

  indexOfArchString(arch: string): number {
    return this.indexOfOpCodes(opCodesFromArchString(arch));
  }

  /** The smallest index of the architecture's isomorphism class (its representative). */
  isomorphismRepresentative(index: number): number {
    this.checkIndex(index);
    return this.isoRepresentatives[index]!;
  }

  /** Every index in the same isomorphism class, the architecture itself included, ascending. */
  isomorphicTwins(index: number): number[] {
    const representative = this.isomorphismRepresentative(index);
    const twins: number[] = [];
    this.isoRepresentatives.forEach((rep, i) => {
      if (rep === representative) twins.push(i);
    });
    return twins;
  }

  /** Number of distinct isomorphism classes. */
  isomorphismClassCount(): number {
    return new Set(this.isoRepresentatives).size;
  }
}

let bundled: SearchSpace | undefined;

/** Reads the bundled NAS-Bench-201 space from disk (uncached; see `loadSearchSpace`). */
export function readSearchSpace(): SearchSpace {
  const path = packageFile(NASBENCH201_FILE);
  return new SearchSpace(decodeColumnTable(readFileSync(path), path), path);
}

/** The bundled NAS-Bench-201 space, read once per thread. */
export function loadSearchSpace(): SearchSpace {
  bundled ??= readSearchSpace();
  return bundled;
}
