/**
 * CSV traces by provider, detected from the header:
 * - Electricity Maps exports in each published schema: the 2021–2023 one
 *   (`Carbon Intensity gCO₂eq/kWh (LCA)`, `Low Carbon Percentage`), the current one
 *   (`Carbon intensity gCO₂eq/kWh (Life cycle)`, `Carbon-free energy percentage (CFE%)`) and
 *   the portal's "(life cycle assessment)" wording; columns are matched without case, spaces,
 *   hyphens or the subscript, so `lifecycle`, `Life cycle` and `LCA` are one column;
 * - WattTime historical downloads (`point_time`, `value`; MOER in lbs/MWh unless a `units`
 *   column says otherwise), converted to gCO2eq/kWh and marked marginal;
 * - anything else is the generic layout, read by trace-csv.ts as before.
 */

import Papa from 'papaparse';
import { InputError } from '../../errors.js';
import { parseFiniteNumber } from '../../text/numbers.js';
import type { CarbonSignal } from '../trace.js';
import { parseTimestamp, parseTraceCsv } from '../trace-csv.js';
import { assembleTrace, G_PER_KWH_PER_LBS_PER_MWH, type LoadedTrace, type SignalKind, type TraceRow } from './model.js';

export interface FormatReadOptions {
  readonly signal?: CarbonSignal;
  readonly allowGaps?: boolean;
  readonly name?: string;
}

/** Lower case, no spaces, hyphens or underscores, ₂ as 2: "Life cycle" = "lifecycle" = "life-cycle". */
export function squashedName(cell: string): string {
  return cell
    .replace(/₂/g, '2')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/** Which signal an Electricity Maps intensity column holds, from its parenthesised qualifier. */
function electricityMapsQualifier(header: string): CarbonSignal | undefined {
  const match = /^carbonintensity(?:gco2eq\/kwh)?\((.+)\)$/.exec(squashedName(header));
  if (match === null) return undefined;
  const qualifier = match[1]!;
  if (qualifier === 'direct') return 'direct';
  if (qualifier === 'lca' || qualifier === 'lifecycle' || qualifier === 'lifecycleassessment') return 'lca';
  return undefined;
}

interface CsvTable {
  readonly header: string[];
  readonly records: string[][];
}

function parseCsvTable(text: string, source: string): CsvTable {
  if (text.trim() === '') throw new InputError(`${source}: empty file (expected a header line and data rows)`);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
  const firstError = parsed.errors[0];
  if (firstError !== undefined) throw new InputError(`${source}, line ${(firstError.row ?? 0) + 1}: ${firstError.message}`);
  const [header = [], ...records] = parsed.data;
  return { header, records };
}

/** Rows of `column` against `timeColumn`, each value times `factor`; blank lines skipped. */
function tableRows(table: CsvTable, source: string, timeColumn: number, column: number, zoneRequired: boolean, factor: number): TraceRow[] {
  const timeName = table.header[timeColumn]!.trim();
  const valueName = table.header[column]!.trim();
  const rows: TraceRow[] = [];
  table.records.forEach((record, k) => {
    const line = k + 2;
    if (record.length === 1 && record[0]!.trim() === '') return;
    if (record.length !== table.header.length)
      throw new InputError(`${source}, line ${line}: ${record.length} fields, but the header has ${table.header.length}`);
    const timeText = record[timeColumn]!.trim();
    const tS = parseTimestamp(timeText, zoneRequired);
    const timeWhere = `${source}, line ${line}, column '${timeName}'`;
    if (tS === undefined) {
      const zoneless = zoneRequired && parseTimestamp(timeText, false) !== undefined;
      throw new InputError(
        `${timeWhere}: ${timeText === '' ? 'empty timestamp' : zoneless ? `'${timeText}' has no time zone (add Z for UTC or an offset such as +01:00)` : `'${timeText}' is not an ISO-8601 timestamp (e.g. 2021-07-02T06:00:00Z)`}`,
      );
    }
    const value = parseFiniteNumber(record[column]!.trim(), `${source}, line ${line}, column '${valueName}'`);
    if (value < 0) throw new InputError(`${source}, line ${line}, column '${valueName}': negative intensity ${value}`);
    rows.push({ tS, valueGPerKwh: value * factor, where: timeWhere, label: `line ${line}` });
  });
  return rows;
}

function readElectricityMapsCsv(table: CsvTable, source: string, timeColumn: number, options: FormatReadOptions): LoadedTrace {
  const signal = options.signal ?? 'lca';
  const column = table.header.findIndex((cell) => electricityMapsQualifier(cell) === signal);
  if (column < 0) {
    const wanted = signal === 'lca' ? "'Carbon intensity gCO₂eq/kWh (Life cycle)' or '(LCA)'" : "'Carbon intensity gCO₂eq/kWh (direct)'";
    throw new InputError(`${source}, line 1: Electricity Maps export without the column ${wanted}`);
  }
  const field = table.header[column]!.trim();
  const schema =
    /\(lca\)$/i.test(field) || table.header.some((cell) => squashedName(cell) === 'lowcarbonpercentage')
      ? 'the 2021–2023 export schema (LCA, Low Carbon Percentage)'
      : 'the current export schema (Life cycle, CFE%)';
  const trace = assembleTrace(tableRows(table, source, timeColumn, column, false, 1), { source, signal, allowGaps: options.allowGaps, name: options.name });
  return {
    trace,
    provenance: {
      format: 'electricitymaps-csv',
      field,
      kind: 'average',
      sourceUnit: 'gCO2eq/kWh',
      toGPerKwh: 1,
      notes: [`read as ${schema}; times are UTC by the column's name`],
    },
  };
}

/** gCO2eq/kWh per unit of a WattTime `units` value (v3 names). */
export function wattTimeFactor(units: string, where: string): number {
  const squashed = squashedName(units);
  if (squashed === 'lbsco2permwh' || squashed === 'lbs/mwh') return G_PER_KWH_PER_LBS_PER_MWH;
  if (squashed === 'kgco2permwh' || squashed === 'gco2perkwh') return 1;
  throw new InputError(`${where}: unknown WattTime unit '${units}' (expected lbs_co2_per_mwh)`);
}

/** Marginal for MOER, average for AOER; other WattTime signals are not carbon intensities. */
export function wattTimeKind(signalType: string, where: string): SignalKind {
  if (signalType === 'co2_moer') return 'marginal';
  if (signalType === 'co2_aoer') return 'average';
  throw new InputError(`${where}: WattTime signal '${signalType}' is not a carbon intensity (expected co2_moer or co2_aoer)`);
}

function readWattTimeCsv(table: CsvTable, source: string, names: string[], options: FormatReadOptions): LoadedTrace {
  const column = (name: string): number => names.indexOf(name);
  const firstRecord = table.records[0] ?? [];
  const unitsColumn = column('units');
  const signalColumn = column('signaltype');
  const units = unitsColumn >= 0 ? (firstRecord[unitsColumn]?.trim() ?? 'lbs_co2_per_mwh') : 'lbs_co2_per_mwh';
  const signalType = signalColumn >= 0 ? (firstRecord[signalColumn]?.trim() ?? 'co2_moer') : 'co2_moer';
  const where = `${source}, line 2`;
  const factor = wattTimeFactor(units, `${where}, column 'units'`);
  const kind = wattTimeKind(signalType, `${where}, column 'signal_type'`);
  for (const [k, record] of table.records.entries()) {
    if (unitsColumn >= 0 && record.length > unitsColumn && record[unitsColumn]!.trim() !== units) {
      throw new InputError(`${source}, line ${k + 2}, column 'units': '${record[unitsColumn]}' differs from line 2's '${units}'; one trace has one unit`);
    }
  }
  const trace = assembleTrace(tableRows(table, source, column('pointtime'), column('value'), true, factor), {
    source,
    signal: options.signal ?? 'lca',
    allowGaps: options.allowGaps,
    name: options.name,
  });
  const notes = [unitsColumn >= 0 ? `unit from the 'units' column` : `no 'units' column: WattTime's documented MOER unit assumed`];
  return { trace, provenance: { format: 'watttime-csv', field: 'value', kind, sourceUnit: units, toGPerKwh: factor, notes } };
}

/** Reads CSV text of any supported layout. */
export function readCsvTrace(text: string, source: string, options: FormatReadOptions = {}): LoadedTrace {
  const signal = options.signal ?? 'lca';
  if (signal !== 'lca' && signal !== 'direct') throw new InputError(`signal must be 'lca' or 'direct', got '${String(signal)}'`);
  const table = parseCsvTable(text, source);
  const names = table.header.map(squashedName);
  const emTime = names.indexOf('datetime(utc)');
  if (emTime >= 0) return readElectricityMapsCsv(table, source, emTime, options);
  if (names.includes('pointtime') && names.includes('value')) return readWattTimeCsv(table, source, names, options);
  const trace = parseTraceCsv(text, source, options);
  const valueColumn = names.indexOf(signal === 'lca' ? 'carbonintensitygco2perkwh' : 'carbonintensitydirectgco2perkwh');
  const field = (valueColumn >= 0 ? table.header[valueColumn] : table.header[1])?.trim() ?? '';
  return { trace, provenance: { format: 'generic-csv', field, kind: 'average', sourceUnit: 'gCO2eq/kWh', toGPerKwh: 1, notes: [] } };
}
