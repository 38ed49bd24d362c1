/**
 * The forecast-aware policies: names, errors, what they decide (checked against CE-NAS's
 * perfect `forecast:H` window on a trace the forecaster gets exactly right), and the CLI
 * around them (`simulate --policy`, `forecast eval`).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import type { CarbonTrace } from '../src/carbon/trace.js';
import { InputError } from '../src/errors.js';
import { Random } from '../src/random.js';
import { forecastPolicy } from '../src/sim/forecast-policies.js';
import { builtinPolicy, cenasPolicy, type PolicyContext } from '../src/sim/policies.js';
import { runCliCaptured } from './support/run-cli.js';

const HOUR_S = 3600;
const T0_S = Date.UTC(2022, 0, 3) / 1000;
const DAILY = [300, 280, 250, 240, 260, 300, 350, 380, 320, 200, 150, 120, 110, 115, 140, 190, 260, 340, 420, 450, 430, 400, 360, 330];
const DAYS = 10;

const trace: CarbonTrace = {
  name: 'daily',
  signal: 'lca',
  timesS: Float64Array.from({ length: 24 * DAYS }, (_, k) => T0_S + k * HOUR_S),
  intensityGPerKwh: Float64Array.from({ length: 24 * DAYS }, (_, k) => DAILY[k % 24]!),
  stepS: HOUR_S,
  endS: T0_S + 24 * DAYS * HOUR_S,
  gapCount: 0,
};
const carbon = new CarbonIntegrator(trace);

function contextAt(timeS: number): PolicyContext {
  return {
    timeS,
    intensityGPerKwh: DAILY[Math.floor((timeS - T0_S) / HOUR_S) % 24]!,
    searchStartS: T0_S + 2 * 24 * HOUR_S,
    searchEndS: T0_S + 4 * 24 * HOUR_S,
    carbon,
    random: new Random(0),
  };
}

describe('forecast-aware policies', () => {
  it('should name themselves after the forecaster and horizon, and leave other names to the caller', () => {
    expect(forecastPolicy('forecast:ar:24')!.name).toBe('forecast(ar:24)');
    expect(forecastPolicy('defer:seasonal-week:6')!.name).toBe('defer(seasonal-week:6)');
    expect(builtinPolicy('defer:persistence:12', { kind: 'reference' }).name).toBe('defer(persistence:12)');
    expect(forecastPolicy('cenas')).toBeUndefined();
    expect(forecastPolicy('fixed:0.5')).toBeUndefined();
  });

  it('should reject a bad horizon or forecaster with a message naming it', () => {
    expect(() => forecastPolicy('forecast:ar:0')).toThrow(new InputError("policy 'forecast:ar:0': HOURS must be a number > 0, got '0'"));
    expect(() => forecastPolicy('defer:arima:24')).toThrow(/unknown forecaster 'arima'; forecasters: persistence, seasonal-day, seasonal-week, ar, file:PATH/);
    expect(() => forecastPolicy('forecast:file:/no/such.csv:24')).toThrow(/forecast file \/no\/such.csv: no such file/);
    expect(() => builtinPolicy('forecast:ar', { kind: 'reference' })).toThrow(/forecast:MODEL:HOURS, defer:MODEL:HOURS/);
  });

  it('forecast:seasonal-day:H should decide as CE-NAS with the perfect forecast:H window on a daily trace', () => {
    for (const hours of [1, 5, 12, 24, 30]) {
      const forecast = forecastPolicy(`forecast:seasonal-day:${hours}`)!;
      const perfect = cenasPolicy({ kind: 'forecast', hours });
      for (let timeS = T0_S + 2 * 24 * HOUR_S; timeS < T0_S + 4 * 24 * HOUR_S; timeS += 1800) {
        expect(forecast.samplingShare(contextAt(timeS))).toBe(perfect.samplingShare(contextAt(timeS)));
      }
    }
  });

  it('defer should train in the cheapest half of the horizon and sample otherwise', () => {
    // 24 h from a row start: now and the 23 rows after it, one whole day.
    const defer = forecastPolicy('defer:seasonal-day:24')!;
    const sorted = [...DAILY].sort((a, b) => a - b);
    const median = (sorted[11]! + sorted[12]!) / 2;
    for (let hour = 0; hour < 24; hour++) {
      const share = defer.samplingShare(contextAt(T0_S + (3 * 24 + hour) * HOUR_S));
      expect(share).toBe(DAILY[hour]! <= median ? 0 : 1);
    }
  });
});

describe('the CLI with forecasts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-forecast-cli-'));
  const tracePath = join(dir, 'daily.csv');
  const rows = 24 * 50;
  writeFileSync(
    tracePath,
    [
      'datetime,carbon_intensity',
      ...Array.from({ length: rows }, (_, k) => `${new Date((T0_S + k * HOUR_S) * 1000).toISOString()},${DAILY[k % 24]! + (k % 7)}`),
    ].join('\n'),
  );

  it('forecast eval should print MAE and MAPE by horizon for each forecaster', async () => {
    const result = await runCliCaptured([
      'forecast',
      'eval',
      '--traces',
      tracePath,
      '--models',
      'persistence,seasonal-day',
      '--horizons',
      '1,24',
      '--every',
      '24',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^trace\s+forecaster\s+issues\s+MAE 1 h\s+MAPE 1 h\s+MAE 24 h\s+MAPE 24 h$/);
    // Issues from day 35 while 24 h ahead stays in the 50-day trace: days 35-48.
    expect(lines[2]).toMatch(/persistence\s+14\s/);
    // Seasonal-day is off only by the weekly wobble: |(k mod 7) − ((k − 24) mod 7)| = 3 or 4.
    const seasonal = await runCliCaptured([
      'forecast',
      'eval',
      '--traces',
      tracePath,
      '--models',
      'seasonal-day',
      '--horizons',
      '24',
      '--every',
      '1',
      '--json',
    ]);
    const [evaluation] = JSON.parse(seasonal.stdout) as { byHorizon: { maeGPerKwh: number }[] }[];
    expect(evaluation!.byHorizon[0]!.maeGPerKwh).toBeGreaterThanOrEqual(3);
    expect(evaluation!.byHorizon[0]!.maeGPerKwh).toBeLessThanOrEqual(4);
  });

  it('should exit 2 with one line for a bad horizon, forecaster or forecast file', async () => {
    for (const [argv, message] of [
      [['forecast', 'eval', '--traces', tracePath, '--horizons', '0.5'], /--horizons: 0.5 h is not a whole number of .*60-minute steps/],
      [['forecast', 'eval', '--traces', tracePath, '--models', 'prophet'], /unknown forecaster 'prophet'/],
      [['forecast', 'eval', '--traces', tracePath, '--every', '0'], /--every: expected a whole number of hours > 0/],
      [['simulate', '--policy', 'defer:nope:24', '--out', join(dir, 'out')], /unknown forecaster 'nope'/],
    ] as const) {
      const result = await runCliCaptured([...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
