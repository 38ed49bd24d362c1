/**
 * Forecast accuracy on a trace: forecasts issued at row starts every `everyHours`, from the
 * first time every forecaster has its full history (five weeks in) to the last time the
 * longest horizon still lies within the trace; each compared with the row in force at the
 * horizon. MAE in gCO2eq/kWh; MAPE in % over the rows whose true intensity is > 0.
 */

import type { CarbonTrace } from '../carbon/trace.js';
import { intensityAt, rowAt } from '../carbon/trace.js';
import { InputError } from '../errors.js';
import { SECONDS_PER_HOUR } from '../units.js';
import type { Forecaster } from './forecasters.js';
import { pastView } from './past.js';

export interface HorizonError {
  readonly horizonHours: number;
  readonly maeGPerKwh: number;
  readonly mapePercent: number;
}

export interface ForecastEvaluation {
  readonly trace: string;
  readonly forecaster: string;
  readonly issues: number;
  readonly byHorizon: readonly HorizonError[];
}

export interface EvaluationOptions {
  readonly horizonsHours: readonly number[];
  readonly everyHours: number;
  /** The warm-up before the first issue, s: the longest history any forecaster compared reads. */
  readonly warmUpS: number;
}

export function evaluateForecaster(trace: CarbonTrace, forecaster: Forecaster, options: EvaluationOptions): ForecastEvaluation {
  const { stepS } = trace;
  const stepsOf = options.horizonsHours.map((hours) => {
    const steps = (hours * SECONDS_PER_HOUR) / stepS;
    if (!Number.isInteger(steps) || steps < 1) {
      throw new InputError(`--horizons: ${hours} h is not a whole number of ${trace.name}'s ${stepS / 60}-minute steps`);
    }
    return steps;
  });
  const maxSteps = Math.max(...stepsOf);
  const everyS = options.everyHours * SECONDS_PER_HOUR;
  const absolute = new Float64Array(stepsOf.length);
  const relative = new Float64Array(stepsOf.length);
  const relativeCount = new Float64Array(stepsOf.length);
  let issues = 0;
  for (let issueS = trace.timesS[0]! + options.warmUpS; issueS + maxSteps * stepS < trace.endS; issueS += everyS) {
    const past = pastView(trace, issueS, forecaster.historyS);
    const forecast = forecaster.forecast(past, maxSteps);
    const lastS = trace.timesS[rowAt(trace, issueS)]!;
    stepsOf.forEach((steps, h) => {
      const actual = intensityAt(trace, lastS + steps * stepS);
      const error = Math.abs(forecast[steps - 1]! - actual);
      absolute[h]! += error;
      if (actual > 0) {
        relative[h]! += error / actual;
        relativeCount[h]!++;
      }
    });
    issues++;
  }
  if (issues === 0) throw new InputError(`trace ${trace.name} is too short to evaluate forecasts after a ${options.warmUpS / 86400}-day warm-up`);
  return {
    trace: trace.name,
    forecaster: forecaster.name,
    issues,
    byHorizon: options.horizonsHours.map((horizonHours, h) => ({
      horizonHours,
      maeGPerKwh: absolute[h]! / issues,
      mapePercent: relativeCount[h]! > 0 ? (100 * relative[h]!) / relativeCount[h]! : NaN,
    })),
  };
}
