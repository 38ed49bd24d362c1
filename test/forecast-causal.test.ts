/**
 * Forecasters are causal by construction: they receive a bounded copy of the rows up to the
 * issue time, so shuffling (and rewriting) everything after it changes nothing, for every
 * forecaster and for the policies built on them. And each forecaster forecasts what it
 * should on a trace it can get right.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CarbonIntegrator } from '../src/carbon/accounting.js';
import { rowAt, type CarbonTrace } from '../src/carbon/trace.js';
import { forecasterByName } from '../src/forecast/forecasters.js';
import { pastView } from '../src/forecast/past.js';
import { Random } from '../src/random.js';
import { forecastPolicy } from '../src/sim/forecast-policies.js';

const HOUR_S = 3600;
const T0_S = Date.UTC(2022, 0, 3) / 1000;
const ROWS = 24 * 7 * 8; // eight weeks, hourly

function traceOf(values: Float64Array, name = 'synthetic'): CarbonTrace {
  return {
    name,
    signal: 'lca',
    timesS: Float64Array.from(values, (_, k) => T0_S + k * HOUR_S),
    intensityGPerKwh: values,
    stepS: HOUR_S,
    endS: T0_S + values.length * HOUR_S,
    gapCount: 0,
  };
}

/** A daily and weekly cycle with seeded noise. */
function noisyTrace(seed: number): CarbonTrace {
  const random = new Random(seed);
  return traceOf(
    Float64Array.from({ length: ROWS }, (_, k) => 300 + 120 * Math.sin((2 * Math.PI * k) / 24) + 40 * Math.sin((2 * Math.PI * k) / 168) + 30 * random.float()),
  );
}

/** The same trace with every row after the one in force at `issueS` shuffled and scaled. */
function futureShuffled(trace: CarbonTrace, issueS: number, seed: number): CarbonTrace {
  const random = new Random(seed);
  const values = trace.intensityGPerKwh.slice();
  const first = rowAt(trace, issueS) + 1;
  for (let k = values.length - 1; k > first; k--) {
    const j = first + random.int(k - first + 1);
    [values[k], values[j]] = [values[j]!, values[k]!];
  }
  for (let k = first; k < values.length; k++) values[k] = values[k]! * 1.7 + 11;
  return traceOf(values);
}

const dir = mkdtempSync(join(tmpdir(), 'ce-nas-forecast-'));
const forecastFile = join(dir, 'forecasts.csv');
writeFileSync(
  forecastFile,
  [
    'issue_time,horizon_hours,intensity_g_per_kwh',
    ...Array.from({ length: ROWS / 6 }, (_, issue) =>
      [1, 2, 5, 12, 24].map((h) => `${new Date((T0_S + issue * 6 * HOUR_S) * 1000).toISOString()},${h},${(issue * 7 + h * 3) % 500}`),
    ).flat(),
  ].join('\n'),
);
const MODELS = ['persistence', 'seasonal-day', 'seasonal-week', 'ar', `file:${forecastFile}`];

describe('forecasters see only the past', () => {
  for (const model of MODELS) {
    it(`${model.replace(dir, '…')}: shuffling the future after the issue time leaves the forecast unchanged`, () => {
      const forecaster = forecasterByName(model);
      const trace = noisyTrace(1);
      fc.assert(
        fc.property(fc.integer({ min: 24 * 36, max: ROWS - 50 }), fc.integer({ min: 0, max: 3599 }), fc.integer(), (row, offsetS, seed) => {
          const issueS = T0_S + row * HOUR_S + offsetS;
          const before = forecaster.forecast(pastView(trace, issueS, forecaster.historyS), 48);
          const after = forecaster.forecast(pastView(futureShuffled(trace, issueS, seed), issueS, forecaster.historyS), 48);
          expect([...after]).toEqual([...before]);
        }),
        { numRuns: 30 },
      );
    });
  }

  for (const name of ['forecast:ar:24', 'defer:seasonal-week:12', `defer:file:${forecastFile}:24`]) {
    it(`policy ${name.replace(dir, '…')} decides the same whatever the future holds`, () => {
      const trace = noisyTrace(2);
      const policy = forecastPolicy(name)!;
      for (let row = 24 * 36; row < ROWS - 30; row += 37) {
        const timeS = T0_S + row * HOUR_S;
        const context = (t: CarbonTrace) => ({
          timeS,
          intensityGPerKwh: t.intensityGPerKwh[row]!,
          searchStartS: T0_S,
          searchEndS: t.endS,
          carbon: new CarbonIntegrator(t),
          random: new Random(0),
        });
        expect(policy.samplingShare(context(futureShuffled(trace, timeS, row)))).toBe(policy.samplingShare(context(trace)));
      }
    });
  }

  it('should hand the forecaster no row after the issue time, and only the history it asks for', () => {
    const trace = noisyTrace(3);
    const issueS = T0_S + 1000 * HOUR_S + 1800;
    const past = pastView(trace, issueS, 24 * HOUR_S);
    expect(past.timesS[past.timesS.length - 1]).toBe(T0_S + 1000 * HOUR_S);
    expect(past.timesS[0]).toBe(T0_S + 976 * HOUR_S);
    expect(past.intensityGPerKwh.buffer).not.toBe(trace.intensityGPerKwh.buffer);
  });
});

describe('forecasters forecast what they should', () => {
  const daily = traceOf(Float64Array.from({ length: ROWS }, (_, k) => 200 + ((k * 37) % 24) * 10));
  const weekly = traceOf(Float64Array.from({ length: ROWS }, (_, k) => 100 + ((k * 53) % 168)));
  const issueS = T0_S + 40 * 24 * HOUR_S + 5 * HOUR_S;
  const truth = (trace: CarbonTrace, steps: number) => [...trace.intensityGPerKwh.slice(rowAt(trace, issueS) + 1, rowAt(trace, issueS) + 1 + steps)];
  const forecast = (model: string, trace: CarbonTrace, steps: number) => {
    const forecaster = forecasterByName(model);
    return [...forecaster.forecast(pastView(trace, issueS, forecaster.historyS), steps)];
  };

  it('persistence repeats the intensity now', () => {
    expect(forecast('persistence', daily, 5)).toEqual(new Array(5).fill(daily.intensityGPerKwh[rowAt(daily, issueS)]));
  });

  it('the seasonal forecasts are exact on a trace of their period, for horizons beyond one period', () => {
    expect(forecast('seasonal-day', daily, 60)).toEqual(truth(daily, 60));
    expect(forecast('seasonal-week', weekly, 200)).toEqual(truth(weekly, 200));
    expect(forecast('seasonal-day', weekly, 30)).not.toEqual(truth(weekly, 30));
  });

  it('the autoregressive model fits a daily and a weekly cycle by least squares', () => {
    const ar = forecast('ar', daily, 48);
    truth(daily, 48).forEach((value, k) => expect(ar[k]).toBeCloseTo(value, 4));
    const arWeekly = forecast('ar', weekly, 48);
    truth(weekly, 48).forEach((value, k) => expect(arWeekly[k]).toBeCloseTo(value, 4));
  });

  it('the file forecaster uses the latest issue at or before now and its latest target at or before each step', () => {
    const model = `file:${forecastFile}`;
    // issueS is 40 days 5 h in: the latest issue is 40 days 0 h (issue 160); step k starts at 5 + k hours.
    const issue = 160;
    const expected = [1, 2, 3, 4, 5, 6, 7].map((k) => {
      const horizon = [1, 2, 5, 12, 24].filter((h) => h <= 5 + k).pop()!;
      return (issue * 7 + horizon * 3) % 500;
    });
    expect(forecast(model, daily, 7)).toEqual(expected);
  });
});
