/**
 * Carbon traces in the formats providers publish (fixtures and their documentation:
 * test/fixtures/formats/README.md): detection, signal kind, unit conversion and span, and
 * the one-line errors for bad files.
 */

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvTrace } from '../src/carbon/formats/csv-formats.js';
import { readJsonTrace } from '../src/carbon/formats/json-formats.js';
import { resolveTrace } from '../src/carbon/builtin-traces.js';
import { G_PER_KWH_PER_LBS_PER_MWH } from '../src/carbon/formats/model.js';
import { parseAnyTrace, readAnyTraceFile } from '../src/carbon/formats/read.js';
import { traceFacts } from '../src/carbon/trace.js';
import { InputError } from '../src/errors.js';
import { runCliCaptured as run } from './support/run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url));

function inputError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

interface TraceJson {
  rows: number;
  start: string;
  end: string;
  stepS: number;
  minGPerKwh: number;
  maxGPerKwh: number;
  provenance: { format: string; kind: string; sourceUnit: string; toGPerKwh: number; field: string; notes: string[] };
}

describe('ce-nas data trace on each provider format', () => {
  it.each([
    ['electricitymaps-current-ES_2023-01-01.csv', 'electricitymaps-csv', 'average', 1, 24, '2023-01-01T00:00:00Z', '2023-01-02T00:00:00Z', 3600],
    ['electricitymaps-2023-ES_2023-01-01.csv', 'electricitymaps-csv', 'average', 1, 24, '2023-01-01T00:00:00Z', '2023-01-02T00:00:00Z', 3600],
    ['electricitymaps-api-history-ES.json', 'electricitymaps-api-json', 'average', 1, 24, '2023-01-01T00:00:00Z', '2023-01-02T00:00:00Z', 3600],
    ['watttime-historical-CAISO_NORTH.csv', 'watttime-csv', 'marginal', G_PER_KWH_PER_LBS_PER_MWH, 12, '2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', 300],
    ['watttime-data-CAISO_NORTH.json', 'watttime-json', 'marginal', G_PER_KWH_PER_LBS_PER_MWH, 12, '2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', 300],
    ['uk-carbon-intensity-national.json', 'uk-carbon-intensity-json', 'average', 1, 5, '2018-01-20T12:00:00Z', '2018-01-20T14:30:00Z', 1800],
    ['carbon-aware-sdk-emissions-eastus.json', 'carbon-aware-sdk-json', 'marginal', 1, 6, '2022-03-01T15:00:00Z', '2022-03-01T15:30:00Z', 300],
  ] as const)('should read %s as %s (%s, × %d) with its span', async (file, format, kind, factor, rows, start, end, stepS) => {
    const result = await run(['data', 'trace', fixture(file), '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const facts = JSON.parse(result.stdout) as TraceJson;
    expect(facts.provenance).toMatchObject({ format, kind, toGPerKwh: factor });
    expect({ rows: facts.rows, start: facts.start, end: facts.end, stepS: facts.stepS }).toEqual({ rows, start, end, stepS });
  });

  it('should print the format, kind and conversion above the facts table', async () => {
    const result = await run(['data', 'trace', fixture('watttime-historical-CAISO_NORTH.csv')]);
    expect(result.stdout).toMatch(
      /^format {2}WattTime historical data \(CSV\), field 'value'\nkind {4}marginal\nunit {4}lbs_co2_per_mwh × 0\.45359237 → gCO2eq\/kWh\n/,
    );
    expect(result.stdout).toMatch(/12 {2}2024-01-01T00:00:00Z {2}2024-01-01T01:00:00Z {2}5 min/);
  });
});

describe('Electricity Maps exports in every schema', () => {
  it('should accept the current schema with its life-cycle and direct columns, equal to the 2021–2023 schema row for row', () => {
    for (const signal of ['lca', 'direct'] as const) {
      const current = readAnyTraceFile(fixture('electricitymaps-current-ES_2023-01-01.csv'), { signal }).trace;
      const earlier = readAnyTraceFile(fixture('electricitymaps-2023-ES_2023-01-01.csv'), { signal }).trace;
      expect(current.intensityGPerKwh).toEqual(earlier.intensityGPerKwh);
      expect(current.timesS).toEqual(earlier.timesS);
    }
    // The first real hour of ES 2023: 114.42 life cycle, 82.99 direct.
    expect(readAnyTraceFile(fixture('electricitymaps-current-ES_2023-01-01.csv')).trace.intensityGPerKwh[0]).toBe(114.42);
    expect(readAnyTraceFile(fixture('electricitymaps-current-ES_2023-01-01.csv'), { signal: 'direct' }).trace.intensityGPerKwh[0]).toBe(82.99);
  });

  it.each([
    'Carbon intensity gCO₂eq/kWh (Life cycle)',
    'CARBON INTENSITY GCO2EQ/KWH (LIFECYCLE)',
    'Carbon Intensity gCO₂eq/kWh (life-cycle)',
    'Carbon Intensity gCO₂eq/kWh (life cycle assessment)',
    'Carbon Intensity gCO₂eq/kWh (LCA)',
  ])('should match the life-cycle column named %s', (column) => {
    const text = `Datetime (UTC),Carbon intensity gCO₂eq/kWh (direct),${column}\n2023-01-01 00:00:00,1,10\n2023-01-01 01:00:00,2,20\n`;
    expect(Array.from(readCsvTrace(text, 'em.csv').trace.intensityGPerKwh)).toEqual([10, 20]);
    expect(Array.from(readCsvTrace(text, 'em.csv', { signal: 'direct' }).trace.intensityGPerKwh)).toEqual([1, 2]);
  });

  it('should name the missing column and the line of a bad value', () => {
    expect(inputError(() => readCsvTrace('Datetime (UTC),Carbon intensity gCO₂eq/kWh (direct)\n2023-01-01 00:00:00,1\n', 'em.csv'))).toBe(
      "em.csv, line 1: Electricity Maps export without the column 'Carbon intensity gCO₂eq/kWh (Life cycle)' or '(LCA)'",
    );
    const text = 'Datetime (UTC),Carbon intensity gCO₂eq/kWh (Life cycle)\n2023-01-01 00:00:00,1\n2023-01-01 01:00:00,-3\n';
    expect(inputError(() => readCsvTrace(text, 'em.csv'))).toBe("em.csv, line 3, column 'Carbon intensity gCO₂eq/kWh (Life cycle)': negative intensity -3");
    const unsorted = 'Datetime (UTC),Carbon intensity gCO₂eq/kWh (Life cycle)\n2023-01-01 01:00:00,1\n2023-01-01 00:00:00,3\n';
    expect(inputError(() => readCsvTrace(unsorted, 'em.csv'))).toBe(
      "em.csv, line 3, column 'Datetime (UTC)': timestamp is earlier than line 2's; rows must be in time order",
    );
  });
});

describe('WattTime', () => {
  it('should convert MOER from lbs/MWh to g/kWh exactly (1 lb = 453.59237 g)', () => {
    const { trace, provenance } = readAnyTraceFile(fixture('watttime-historical-CAISO_NORTH.csv'));
    expect(trace.intensityGPerKwh[0]).toBeCloseTo(453.59237, 10); // 1000 lbs/MWh
    expect(provenance).toMatchObject({ kind: 'marginal', sourceUnit: 'lbs_co2_per_mwh' });
    expect(readAnyTraceFile(fixture('watttime-data-CAISO_NORTH.json')).trace.intensityGPerKwh).toEqual(trace.intensityGPerKwh);
  });

  it('should mark AOER as average and refuse signals that are not carbon intensities or unknown units', () => {
    const json = (signal: string, units = 'lbs_co2_per_mwh'): string =>
      JSON.stringify({
        meta: { signal_type: signal, units },
        data: [
          { point_time: '2024-01-01T00:00:00Z', value: 1 },
          { point_time: '2024-01-01T00:05:00Z', value: 2 },
        ],
      });
    expect(readJsonTrace(json('co2_aoer'), 'wt.json').provenance.kind).toBe('average');
    expect(inputError(() => readJsonTrace(json('health_damage'), 'wt.json'))).toMatch(
      /^wt\.json, meta\.signal_type: WattTime signal 'health_damage' is not a carbon intensity/,
    );
    expect(inputError(() => readJsonTrace(json('co2_moer', 'tons'), 'wt.json'))).toMatch(/^wt\.json, meta\.units: unknown WattTime unit 'tons'/);
  });
});

describe('UK Carbon Intensity API and the Carbon Aware SDK', () => {
  it('should take actual values and the forecast where the actual is null, the last period ending at its `to`', () => {
    const { trace, provenance } = readAnyTraceFile(fixture('uk-carbon-intensity-national.json'));
    expect(Array.from(trace.intensityGPerKwh)).toEqual([263, 258, 250, 249, 240]);
    expect(provenance.notes[0]).toMatch(/the forecast for 2 of 5 periods/);
    expect(traceFacts(trace).end).toBe('2018-01-20T14:30:00Z');
  });

  it('should read one region of the regional endpoint', () => {
    const regional = {
      data: {
        regionid: 13,
        shortname: 'London',
        data: [{ from: '2018-05-15T11:30Z', to: '2018-05-15T12:00Z', intensity: { forecast: 187, index: 'moderate' } }],
      },
    };
    const { trace } = parseAnyTrace(JSON.stringify(regional), 'london.json');
    expect(trace.endS - trace.timesS[0]!).toBe(1800);
  });

  it('should take the SDK duration for the last row and refuse several locations', () => {
    const { trace } = readAnyTraceFile(fixture('carbon-aware-sdk-emissions-eastus.json'));
    expect(trace.intensityGPerKwh[0]).toBe(65.3);
    expect(readAnyTraceFile(fixture('carbon-aware-sdk-emissions-eastus.json'), { kind: 'average' }).provenance.kind).toBe('average');
    const two = [
      { location: 'eastus', time: '2022-03-01T15:00:00Z', rating: 1, duration: '00:05:00' },
      { location: 'westus', time: '2022-03-01T15:05:00Z', rating: 1, duration: '00:05:00' },
    ];
    expect(inputError(() => parseAnyTrace(JSON.stringify(two), 'sdk.json'))).toBe(
      'sdk.json: 2 locations (eastus, westus); a trace holds one, so export one location',
    );
  });
});

describe('traces for simulate and serve', () => {
  it('should resolve a trace file of any format, as `--trace FILE` does', () => {
    expect(resolveTrace(fixture('watttime-data-CAISO_NORTH.json')).intensityGPerKwh[0]).toBeCloseTo(453.59237, 10);
    expect(resolveTrace(fixture('electricitymaps-current-ES_2023-01-01.csv')).intensityGPerKwh[0]).toBe(114.42);
  });
});

describe('bad JSON traces', () => {
  it.each([
    ['not JSON', '{"data": [', /^bad\.json: not valid JSON/],
    ['an unknown shape', '{"rows": []}', /^bad\.json: unrecognised JSON; expected UK Carbon Intensity/],
    [
      'a bad time',
      '{"data":[{"from":"noon","to":"2018-01-20T12:30Z","intensity":{"forecast":1,"actual":1}}]}',
      /^bad\.json, data\[0\]\.from: "noon" is not an ISO-8601 timestamp/,
    ],
    [
      'a text value',
      '[{"location":"x","time":"2022-03-01T15:00:00Z","rating":"high","duration":"00:05:00"}]',
      /^bad\.json, \[0\]\.rating: expected a number, got "high"/,
    ],
    [
      'a bad duration',
      '[{"location":"x","time":"2022-03-01T15:00:00Z","rating":1,"duration":"soon"}]',
      /^bad\.json, \[0\]\.duration: "soon" is not a positive duration/,
    ],
    [
      'a repeated time',
      '{"zone":"ES","history":[{"datetime":"2023-01-01T00:00:00Z","carbonIntensity":1},{"datetime":"2023-01-01T00:00:00Z","carbonIntensity":2}]}',
      /^bad\.json, history\[1\]\.datetime: timestamp repeats history\[0\]$/,
    ],
  ])('should reject %s in one line naming the place', (_, text, message) => {
    const error = inputError(() => parseAnyTrace(text, 'bad.json'));
    expect(error).toMatch(message);
    expect(error).not.toContain('\n');
  });

  it('should exit with 2 and one line from the CLI', async () => {
    const result = await run(['data', 'trace', fixture('uk-carbon-intensity-national.json'), '--kind', 'mean']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "ce-nas: --kind: expected average or marginal, got 'mean'\n" });
  });
});
