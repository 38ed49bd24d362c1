/**
 * Packs the shared source data into the project's `data/` folder (re-runnable):
 *   npx tsx scripts/pack-data.ts SOURCE_DATA_DIR     (the raw sources: nasbench201/, carbon/)
 *   npx tsx scripts/pack-data.ts --derived           (only the binaries below, from data/)
 * - NAS-Bench-201: the three tables joined on `index` into `data/nasbench201.cols`
 *   (every column kept, each gzipped on its own; numbers parsed exactly as written; empty
 *   cells stay NaN);
 * - carbon traces: each CSV gzipped unchanged into `data/carbon/`.
 * It checks what it packs: 15,625 rows per table, identical `index` order, and that each
 * value read back equals the source text parsed as a number. Then, from those files, the
 * binaries that spare the simulator's start the parsing (tests check each against a fresh
 * computation): `data/nasbench201.index.gz` (src/data/space-index.ts) and
 * `data/carbon/ZONE_YEAR.trace.gz` (src/carbon/trace-binary.ts).
 */

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ColumnTable, encodeColumnTable } from '../src/data/column-file.js';
import { readSearchSpace } from '../src/data/search-space.js';
import { encodeSpaceIndex, SPACE_INDEX_FILE } from '../src/data/space-index.js';
import { encodeTraceBinary, readTraceSignals, TRACE_BINARY_SUFFIX } from '../src/carbon/trace-binary.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[2] === undefined) {
  console.error('usage: npx tsx scripts/pack-data.ts SOURCE_DATA_DIR (the folder holding nasbench201/ and carbon/), or --derived');
  process.exit(2);
}
const TABLES = ['nb201_accuracy_cost.csv', 'nb201_latency_help.csv', 'nb201_latency_eagle.csv'];
const TEXT_COLUMNS = new Set(['arch_str', 'op_code']);
const ROWS = 15_625;

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const [headerLine, ...body] = lines;
  if (headerLine === undefined) throw new Error(`${path}: empty`);
  const header = headerLine.split(',');
  const rows = body.map((line, k) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${path}, line ${k + 2}: ${cells.length} cells, expected ${header.length}`);
    return cells;
  });
  return { header, rows };
}

function parseCell(text: string, where: string): number {
  if (text === '') return Number.NaN;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${where}: '${text}' is not a finite number`);
  return value;
}

function packSources(shared: string): void {
  const numeric = new Map<string, Float64Array>();
  const text = new Map<string, string[]>();
  for (const table of TABLES) {
    const path = join(shared, 'nasbench201', table);
    const { header, rows } = readCsv(path);
    if (rows.length !== ROWS) throw new Error(`${path}: ${rows.length} rows, expected ${ROWS}`);
    rows.forEach((row, i) => {
      if (row[0] !== String(i)) throw new Error(`${path}, line ${i + 2}: index ${row[0]}, expected ${i}`);
    });
    header.forEach((name, j) => {
      if (name === 'index' && numeric.has('index')) return;
      if (numeric.has(name) || text.has(name)) throw new Error(`${path}: column ${name} appears in two tables`);
      if (TEXT_COLUMNS.has(name))
        text.set(
          name,
          rows.map((row) => row[j]!),
        );
      else
        numeric.set(
          name,
          Float64Array.from(rows, (row, i) => parseCell(row[j]!, `${path}, line ${i + 2}, column ${name}`)),
        );
    });
  }

  const packed = encodeColumnTable(ROWS, numeric, text);
  const check = new ColumnTable(packed, 'packed table');
  for (const [name, values] of numeric) {
    const back = check.numeric(name);
    values.forEach((value, i) => {
      if (!Object.is(value, back[i])) throw new Error(`round trip changed ${name}[${i}]`);
    });
  }
  for (const [name, values] of text) {
    if (JSON.stringify(check.text(name)) !== JSON.stringify(values)) throw new Error(`round trip changed ${name}`);
  }
  mkdirSync(join(root, 'data', 'carbon'), { recursive: true });
  writeFileSync(join(root, 'data', 'nasbench201.cols'), packed);
  console.log(`data/nasbench201.cols: ${numeric.size} numeric + ${text.size} text columns, ${packed.length} bytes`);

  for (const file of readdirSync(join(shared, 'carbon'))
    .filter((name) => name.endsWith('.csv'))
    .sort()) {
    const compressed = gzipSync(readFileSync(join(shared, 'carbon', file)), { level: 9 });
    writeFileSync(join(root, 'data', 'carbon', `${file}.gz`), compressed);
    console.log(`data/carbon/${file}.gz: ${compressed.length} bytes`);
  }
}

/** The binaries computed from the bundled files, each checked by its test against a fresh computation. */
function packDerived(): void {
  const index = encodeSpaceIndex(readSearchSpace().computedArrays());
  writeFileSync(join(root, SPACE_INDEX_FILE), gzipSync(index, { level: 9 }));
  console.log(`${SPACE_INDEX_FILE}: ${index.length} bytes before gzip`);
  const carbon = join(root, 'data', 'carbon');
  for (const file of readdirSync(carbon)
    .filter((name) => name.endsWith('.csv.gz'))
    .sort()) {
    const bySignal = readTraceSignals(join(carbon, file));
    const binary = encodeTraceBinary(bySignal);
    const out = file.replace(/\.csv\.gz$/, TRACE_BINARY_SUFFIX);
    writeFileSync(join(carbon, out), gzipSync(binary, { level: 9 }));
    console.log(`data/carbon/${out}: ${[...bySignal.keys()].join(' + ')}, ${binary.length} bytes before gzip`);
  }
}

if (process.argv[2] !== '--derived') packSources(resolve(process.argv[2]));
packDerived();
