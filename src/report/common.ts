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

/** The per-policy medians of `policyMedians` as an HTML table. */
export function policyTable(medians: readonly Row[]): string {
  const header = [
    'policy',
    'runs',
    'kg CO2eq',
    'less carbon than vanilla',
    'final HV (normalised)',
    'HV gap vs vanilla',
    'HV at nadir ref.',
    'IGD',
    'front recall',
    'timing gain',
  ];
  const cells = medians.map((row) => [
    String(row.policy),
    String(row.runs),
    fixed(row.carbonKg as number | null, 3),
    fixed(row.carbonReductionVsVanilla as number | null, 2, '×'),
    fixed(row.finalHvNormalized as number | null, 4),
    fixed(row.hvGapPercentVsVanilla as number | null, 3, ' %'),
    fixed(row.finalHvNadirNormalized as number | null, 4),
    fixed(row.igd as number | null, 4),
    fixed(row.frontRecallPercent as number | null, 1, ' %'),
    fixed(row.timingGain as number | null, 3),
  ]);
  return htmlTable(header, cells);
}
