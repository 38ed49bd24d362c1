/**
 * The NAS-Bench-201 search space: 15,625 architectures with their benchmark metrics as
 * columns of typed arrays (NaN = missing), indexed by the NB201 `index`.
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { packageFile } from '../package-files.js';
import { ColumnTable } from './column-file.js';
import { digitsFromOpCodes, EDGE_COUNT, encodeOpCodes, gridIndexOfOpCodes, opCodesFromArchString, opCodesFromDigits } from './nb201-encoding.js';
import { decodeSpaceIndex, SPACE_INDEX_FILE, type SpaceArrays } from './space-index.js';

export const NASBENCH201_FILE = 'data/nasbench201.cols';
export const NASBENCH201_SIZE = 15_625;

/** Columns computed from bundled ones (documented in data/README.md). */
const DERIVED_COLUMNS: Readonly<Record<string, { readonly from: string; readonly compute: (value: number) => number }>> = {
  // HW-NAS-Bench's FPGA energy equals 7 × its FPGA latency on every row checked (MODEL.md §1).
  fpga_energy_mj: { from: 'hwnb_fpga_latency_ms', compute: (latencyMs) => 7 * latencyMs },
};

/**
 * The space over a column table. Columns are decompressed when first read; the index and
 * isomorphism columns are read and checked when the space is opened.
 */
export class SearchSpace {
  readonly name = 'nasbench201';
  readonly size: number;
  /** Every numeric column, bundled and derived. */
  readonly columnNames: readonly string[];
  private readonly derived = new Map<string, Float64Array>();
  private readonly isoRepresentatives: Int32Array;
  private indexByDigits: Map<string, number> | undefined;

  /**
   * `index`: the arrays of `encodings()` and `gridIndexes()` precomputed (the bundled space's
   * `data/nasbench201.index.gz`); without it they are computed from the op codes.
   */
  constructor(
    private readonly table: ColumnTable,
    source: string,
    private readonly index?: () => SpaceArrays,
  ) {
    if (table.rows !== NASBENCH201_SIZE) throw new Error(`${source}: ${table.rows} rows, expected ${NASBENCH201_SIZE}`);
    this.size = table.rows;
    for (const name of ['arch_str', 'op_code']) {
      if (!table.textNames.includes(name)) throw new Error(`${source}: missing text column ${name}`);
    }
    for (const name of ['index', 'iso_rep_index', ...Object.values(DERIVED_COLUMNS).map(({ from }) => from)]) {
      if (!table.numericNames.includes(name)) throw new Error(`${source}: missing column ${name}`);
    }
    this.columnNames = [...table.numericNames, ...Object.keys(DERIVED_COLUMNS)];
    table.numeric('index').forEach((value, i) => {
      if (value !== i) throw new Error(`${source}: row ${i} has index ${value}; rows must be sorted by index`);
    });
    this.isoRepresentatives = Int32Array.from(table.numeric('iso_rep_index'));
  }

  hasColumn(name: string): boolean {
    return this.columnNames.includes(name);
  }

  /** The values of a column in index order (NaN where the source has no value). Do not modify. */
  column(name: string): Float64Array {
    const derivation = DERIVED_COLUMNS[name];
    if (derivation !== undefined) {
      let values = this.derived.get(name);
      if (values === undefined) {
        values = this.table.numeric(derivation.from).map(derivation.compute);
        this.derived.set(name, values);
      }
      return values;
    }
    if (!this.table.numericNames.includes(name)) {
      throw new RangeError(`unknown column '${name}'; known columns: ${this.columnNames.join(', ')}`);
    }
    return this.table.numeric(name);
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`architecture index must be an integer in 0..${this.size - 1}, got ${index}`);
    }
  }

  archString(index: number): string {
    this.checkIndex(index);
    return this.table.text('arch_str')[index]!;
  }

  opCodes(index: number): number[] {
    this.checkIndex(index);
    return opCodesFromDigits(this.table.text('op_code')[index]!);
  }

  /** The classifier encoding of one architecture ((k + 0.5) / 5 per edge). */
  encoding(index: number): Float64Array {
    return encodeOpCodes(this.opCodes(index));
  }

  /** Encodings of every architecture, row-major (size × 6), for classifying the whole space. */
  encodings(): Float64Array {
    if (this.index !== undefined) return this.index().encodings.slice();
    return this.computedArrays().encodings;
  }

  /** Every architecture's index in the core's grid order (`gridIndexOfOpCodes`). */
  gridIndexes(): Int32Array {
    if (this.index !== undefined) return this.index().gridIndex.slice();
    return this.computedArrays().gridIndex;
  }

  /** `encodings()` and `gridIndexes()` computed from the op codes, row by row (the definition). */
  computedArrays(): SpaceArrays {
    const encodings = new Float64Array(this.size * EDGE_COUNT);
    for (let i = 0; i < this.size; i++) encodings.set(this.encoding(i), i * EDGE_COUNT);
    const gridIndex = Int32Array.from({ length: this.size }, (_, i) => gridIndexOfOpCodes(this.opCodes(i)));
    return { encodings, gridIndex };
  }

  indexOfOpCodes(ops: readonly number[]): number {
    this.indexByDigits ??= new Map(this.table.text('op_code').map((digits, i) => [digits, i]));
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
  let arrays: SpaceArrays | undefined;
  const index = (): SpaceArrays => {
    const indexPath = packageFile(SPACE_INDEX_FILE);
    arrays ??= decodeSpaceIndex(gunzipSync(readFileSync(indexPath)), NASBENCH201_SIZE, indexPath);
    return arrays;
  };
  return new SearchSpace(new ColumnTable(readFileSync(path), path), path, index);
}

/** The bundled NAS-Bench-201 space, read once per thread. */
export function loadSearchSpace(): SearchSpace {
  bundled ??= readSearchSpace();
  return bundled;
}
