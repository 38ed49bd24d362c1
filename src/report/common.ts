/** What the simulation and sweep pages share: reading result tables, writing CSVs, HTML cells. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describeReadError, InputError } from '../errors.js';
import { writeFileAtomically } from '../files.js';
import type { Row } from './charts.js';

export interface Chart {
  readonly title: string;
  readonly svg: string;
  readonly table: string;
}

export interface Page {
  readonly charts: Chart[];
  readonly intro: string;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read (${describeReadError(error)})`);
  }
}

export function readCsv(path: string): Row[] {
  const parsed = Papa.parse<Row>(readText(path), { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new InputError(`${path}: not a results table (${parsed.errors[0]!.message})`);
  return parsed.data;
}

export function writeTable(tablesDir: string, name: string, rows: readonly Row[]): void {
  writeFileAtomically(join(tablesDir, name), `${Papa.unparse(rows as Row[], { newline: '\n' })}\n`);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    `<table><thead><tr>${header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

/** A number with `digits` decimals, or a dash for a missing one. */
export function fixed(value: number | null | undefined, digits: number, suffix = ''): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(digits)}${suffix}` : '—';
}
