/**
 * JSON traces by provider, detected from their shape (field names as each provider
 * documents them; see test/fixtures/formats/README.md for the sources):
 * - UK Carbon Intensity API: `{data: [{from, to, intensity: {forecast, actual, index}}]}`
 *   (national) or `{data: {regionid, data: [...]}}` (one region); gCO2/kWh, average;
 * - Carbon Aware SDK emissions: `[{location, time, rating, duration}]`, gCO2eq/kWh;
 * - WattTime v3 data: `{meta: {units, signal_type, region}, data: [{point_time, value}]}`;
 * - Electricity Maps API: `{zone, history | forecast: [{datetime, carbonIntensity}]}`.
 * Errors name the file and the JSON path of the offending value.
 */

import { InputError } from '../../errors.js';
import type { CarbonSignal } from '../trace.js';
import { parseTimestamp } from '../trace-csv.js';
import type { FormatReadOptions } from './csv-formats.js';
import { wattTimeFactor, wattTimeKind } from './csv-formats.js';
import { assembleTrace, type LoadedTrace, type SignalKind, type TraceRow } from './model.js';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function timeAt(value: Json, where: string): number {
  const tS = typeof value === 'string' ? parseTimestamp(value.trim(), true) : undefined;
  if (tS === undefined) throw new InputError(`${where}: ${JSON.stringify(value) ?? 'missing'} is not an ISO-8601 timestamp with a zone`);
  return tS;
}

function numberAt(value: Json, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(`${where}: expected a number, got ${JSON.stringify(value) ?? 'nothing'}`);
  if (value < 0) throw new InputError(`${where}: negative intensity ${value}`);
  return value;
}

function arrayAt(value: Json, where: string): Json[] {
  if (!Array.isArray(value)) throw new InputError(`${where}: expected an array`);
  return value;
}

/** .NET TimeSpan text (`01:00:00`, `1.02:00:00`) or ISO-8601 `PT1H30M`, in seconds. */
export function parseDurationS(value: Json, where: string): number {
  const text = typeof value === 'string' ? value.trim() : '';
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  const iso = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  const seconds =
    span !== null
      ? Number(span[1] ?? 0) * 86400 + Number(span[2]) * 3600 + Number(span[3]) * 60 + Number(span[4])
      : iso !== null && text !== 'PT'
        ? Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0)
        : NaN;
  if (!(seconds > 0)) throw new InputError(`${where}: ${JSON.stringify(value) ?? 'missing'} is not a positive duration (e.g. "01:00:00" or "PT1H")`);
  return seconds;
}

function readUkCarbonIntensity(periods: Json[], source: string, path: string, options: FormatReadOptions): LoadedTrace {
  const rows: TraceRow[] = [];
  let forecastOnly = 0;
  let lastDurationS = 0;
  periods.forEach((period, k) => {
    const where = `${source}, ${path}[${k}]`;
    if (!isObject(period) || !isObject(period.intensity)) throw new InputError(`${where}: expected {from, to, intensity: {forecast, actual}}`);
    const fromS = timeAt(period.from, `${where}.from`);
    const toS = timeAt(period.to, `${where}.to`);
    if (!(toS > fromS)) throw new InputError(`${where}.to: must be later than from`);
    const { actual, forecast } = period.intensity;
    const useActual = actual !== null && actual !== undefined;
    if (!useActual) forecastOnly++;
    const valueGPerKwh = useActual ? numberAt(actual, `${where}.intensity.actual`) : numberAt(forecast, `${where}.intensity.forecast`);
    rows.push({ tS: fromS, valueGPerKwh, where: `${where}.from`, label: `${path}[${k}]` });
    lastDurationS = toS - fromS;
  });
  const trace = assembleTrace(rows, { source, signal: options.signal ?? 'lca', allowGaps: options.allowGaps, name: options.name, lastDurationS });
  const notes = [
    `actual intensity; the forecast for ${forecastOnly} of ${rows.length} periods without an actual value`,
    'periods start at `from`; the last one ends at its `to`',
  ];
  return { trace, provenance: { format: 'uk-carbon-intensity-json', field: 'intensity.actual', kind: 'average', sourceUnit: 'gCO2/kWh', toGPerKwh: 1, notes } };
}

function readCarbonAwareSdk(points: Json[], source: string, options: FormatReadOptions, kind: SignalKind): LoadedTrace {
  const locations = new Set<string>();
  const rows: TraceRow[] = [];
  let lastDurationS = 0;
  points.forEach((point, k) => {
    const where = `${source}, [${k}]`;
    if (!isObject(point)) throw new InputError(`${where}: expected {location, time, rating, duration}`);
    locations.add(String(point.location));
    rows.push({ tS: timeAt(point.time, `${where}.time`), valueGPerKwh: numberAt(point.rating, `${where}.rating`), where: `${where}.time`, label: `[${k}]` });
    lastDurationS = parseDurationS(point.duration, `${where}.duration`);
  });
  if (locations.size > 1)
    throw new InputError(`${source}: ${locations.size} locations (${[...locations].join(', ')}); a trace holds one, so export one location`);
  const trace = assembleTrace(rows, { source, signal: options.signal ?? 'lca', allowGaps: options.allowGaps, name: options.name, lastDurationS });
  const notes = [
    `location ${[...locations][0] ?? '?'}`,
    'the SDK reports ratings in gCO2eq/kWh; the kind follows its data source (WattTime: marginal, the SDK default; Electricity Maps: average)',
  ];
  return { trace, provenance: { format: 'carbon-aware-sdk-json', field: 'rating', kind, sourceUnit: 'gCO2eq/kWh', toGPerKwh: 1, notes } };
}

function readWattTimeJson(document: Record<string, Json>, source: string, options: FormatReadOptions): LoadedTrace {
  const meta = isObject(document.meta) ? document.meta : {};
  const units = typeof meta.units === 'string' ? meta.units : 'lbs_co2_per_mwh';
  const signalType = typeof meta.signal_type === 'string' ? meta.signal_type : 'co2_moer';
  const factor = wattTimeFactor(units, `${source}, meta.units`);
  const kind = wattTimeKind(signalType, `${source}, meta.signal_type`);
  const rows = arrayAt(document.data, `${source}, data`).map((point, k): TraceRow => {
    const where = `${source}, data[${k}]`;
    if (!isObject(point)) throw new InputError(`${where}: expected {point_time, value}`);
    return {
      tS: timeAt(point.point_time, `${where}.point_time`),
      valueGPerKwh: numberAt(point.value, `${where}.value`) * factor,
      where: `${where}.point_time`,
      label: `data[${k}]`,
    };
  });
  const trace = assembleTrace(rows, { source, signal: options.signal ?? 'lca', allowGaps: options.allowGaps, name: options.name });
  const notes = [`region ${String(meta.region ?? '?')}, signal ${signalType}`];
  return { trace, provenance: { format: 'watttime-json', field: 'value', kind, sourceUnit: units, toGPerKwh: factor, notes } };
}

function readElectricityMapsApi(document: Record<string, Json>, key: 'history' | 'forecast', source: string, options: FormatReadOptions): LoadedTrace {
  const points = arrayAt(document[key], `${source}, ${key}`);
  const first = points.find(isObject);
  const factorType = first !== undefined && typeof first.emissionFactorType === 'string' ? first.emissionFactorType : 'lifecycle';
  const signal: CarbonSignal = factorType === 'direct' ? 'direct' : 'lca';
  if (options.signal !== undefined && options.signal !== signal) {
    throw new InputError(
      `${source}: the response holds the ${factorType} signal, not '${options.signal}' (ask the API with emissionFactorType=${options.signal === 'lca' ? 'lifecycle' : 'direct'})`,
    );
  }
  const rows = points.map((point, k): TraceRow => {
    const where = `${source}, ${key}[${k}]`;
    if (!isObject(point)) throw new InputError(`${where}: expected {datetime, carbonIntensity}`);
    return {
      tS: timeAt(point.datetime, `${where}.datetime`),
      valueGPerKwh: numberAt(point.carbonIntensity, `${where}.carbonIntensity`),
      where: `${where}.datetime`,
      label: `${key}[${k}]`,
    };
  });
  const trace = assembleTrace(rows, { source, signal, allowGaps: options.allowGaps, name: options.name });
  const notes = [`zone ${String(document.zone ?? '?')}, ${factorType} emission factors, ${key}`];
  return {
    trace,
    provenance: { format: 'electricitymaps-api-json', field: 'carbonIntensity', kind: 'average', sourceUnit: 'gCO2eq/kWh', toGPerKwh: 1, notes },
  };
}

export interface JsonReadOptions extends FormatReadOptions {
  /** Overrides the kind a format cannot state (the Carbon Aware SDK's depends on its source). */
  readonly kind?: SignalKind;
}

/** Reads a JSON trace of any supported provider shape. */
export function readJsonTrace(text: string, source: string, options: JsonReadOptions = {}): LoadedTrace {
  let document: Json;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (Array.isArray(document)) {
    if (document.length > 0 && isObject(document[0]) && 'rating' in document[0])
      return readCarbonAwareSdk(document, source, options, options.kind ?? 'marginal');
    throw new InputError(`${source}: a JSON array, but not Carbon Aware SDK emissions ([{location, time, rating, duration}])`);
  }
  if (isObject(document)) {
    const { data } = document;
    if (Array.isArray(data) && (data.length === 0 || (isObject(data[0]) && 'intensity' in data[0])))
      return readUkCarbonIntensity(data, source, 'data', options);
    if (isObject(data) && Array.isArray(data.data)) return readUkCarbonIntensity(data.data, source, 'data.data', options);
    if (Array.isArray(data) && isObject(data[0]) && 'point_time' in data[0]) return readWattTimeJson(document, source, options);
    if (Array.isArray(document.history)) return readElectricityMapsApi(document, 'history', source, options);
    if (Array.isArray(document.forecast)) return readElectricityMapsApi(document, 'forecast', source, options);
  }
  throw new InputError(
    `${source}: unrecognised JSON; expected UK Carbon Intensity ({data: [{from, to, intensity}]}), Carbon Aware SDK ([{location, time, rating}]), ` +
      `WattTime ({meta, data: [{point_time, value}]}) or Electricity Maps ({zone, history: [...]})`,
  );
}
