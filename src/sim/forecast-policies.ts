/**
 * Forecast-aware policies (MODEL.md §8). Each decision passes the forecaster a bounded copy of
 * the trace up to now (src/forecast/past.ts), never the integrator's whole trace, so a policy
 * cannot use the future through its forecaster.
 *
 * - `forecast:MODEL:HOURS`: CE-NAS's λs = (Ccur − Cmin) / (Cmax − Cmin), with Cmin and Cmax the
 *   extremes of the intensity now and of the forecast over the next HOURS: the causal
 *   counterpart of the perfect `--window forecast:H`.
 * - `defer:MODEL:HOURS`: trains (λs = 0, every GPU evaluates) when the intensity now is among
 *   the cheapest half of now and the forecast hours (at or below their median), and otherwise
 *   defers training (λs = 1: the allocation rule keeps its minimum of evaluators, the rest sample).
 *
 * MODEL is persistence, seasonal-day, seasonal-week, ar or file:PATH.
 */

import { samplingShare } from '../../spec/index.js';
import { InputError } from '../errors.js';
import { type Forecaster, forecasterByName } from '../forecast/forecasters.js';
import { lastRowStartS, pastView } from '../forecast/past.js';
import { SECONDS_PER_HOUR } from '../units.js';
import type { Policy, PolicyContext } from './policies.js';

/**
 * The intensity now followed by the forecast of the rows that start within the next `hours`
 * (the rows the perfect `forecast:H` window of CE-NAS would see).
 */
function nowAndForecast(forecaster: Forecaster, hours: number, context: PolicyContext): Float64Array {
  const { trace } = context.carbon;
  const past = pastView(trace, context.timeS, forecaster.historyS);
  const steps = Math.max(0, Math.ceil((context.timeS + hours * SECONDS_PER_HOUR - lastRowStartS(past)) / trace.stepS) - 1);
  const values = new Float64Array(steps + 1);
  values[0] = context.intensityGPerKwh;
  values.set(forecaster.forecast(past, steps), 1);
  return values;
}

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function forecastExtremesPolicy(forecaster: Forecaster, hours: number): Policy {
  return {
    name: `forecast(${forecaster.name}:${hours})`,
    samplingShare(context) {
      const values = nowAndForecast(forecaster, hours, context);
      let minGPerKwh = Infinity;
      let maxGPerKwh = -Infinity;
      for (const value of values) {
        minGPerKwh = Math.min(minGPerKwh, value);
        maxGPerKwh = Math.max(maxGPerKwh, value);
      }
      return samplingShare(context.intensityGPerKwh, minGPerKwh, maxGPerKwh);
    },
  };
}

export function deferPolicy(forecaster: Forecaster, hours: number): Policy {
  return {
    name: `defer(${forecaster.name}:${hours})`,
    samplingShare(context) {
      return context.intensityGPerKwh <= median(nowAndForecast(forecaster, hours, context)) ? 0 : 1;
    },
  };
}

/** `forecast:MODEL:HOURS` or `defer:MODEL:HOURS` as a policy; undefined for any other name. */
export function forecastPolicy(name: string): Policy | undefined {
  const match = /^(forecast|defer):(.+):([^:]+)$/.exec(name);
  if (match === null) return undefined;
  const [, kind, model, hoursText] = match as unknown as [string, 'forecast' | 'defer', string, string];
  const hours = Number(hoursText);
  if (!(Number.isFinite(hours) && hours > 0)) throw new InputError(`policy '${name}': HOURS must be a number > 0, got '${hoursText}'`);
  const forecaster = forecasterByName(model);
  return kind === 'forecast' ? forecastExtremesPolicy(forecaster, hours) : deferPolicy(forecaster, hours);
}
