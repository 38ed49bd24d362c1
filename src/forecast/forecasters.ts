/**
 * Carbon-intensity forecasters (MODEL.md §8). Each sees only a `PastView` (a copy of the rows
 * up to the issue time, past.ts) and predicts the intensity of the next `steps` rows of the
 * trace's grid: step k is the row starting k·stepS after the last seen row.
 */

import { InputError } from '../errors.js';
import { SECONDS_PER_HOUR } from '../units.js';
import { readForecastFile } from './file-forecast.js';
import { lastRowStartS, type PastView, seenAt } from './past.js';

export interface Forecaster {
  readonly name: string;
  /** How much of the past it reads, s (the view it is given holds that much, when the trace does). */
  readonly historyS: number;
  /** The intensity of each of the next `steps` rows, gCO2eq/kWh. */
  forecast(past: PastView, steps: number): Float64Array;
}

const DAY_S = 24 * SECONDS_PER_HOUR;
const WEEK_S = 7 * DAY_S;
/** The autoregressive model's fitting window: four weeks of targets (each needing a week of lags). */
const AR_FIT_S = 28 * DAY_S;

/** The last seen value for every step. */
export const persistence: Forecaster = {
  name: 'persistence',
  historyS: 0,
  forecast(past, steps) {
    return new Float64Array(steps).fill(past.intensityGPerKwh[past.intensityGPerKwh.length - 1]!);
  },
};

/** Each step takes the value seen one period (or the fewest whole periods) before it. */
export function seasonalNaive(name: string, periodS: number): Forecaster {
  return {
    name,
    historyS: periodS,
    forecast(past, steps) {
      const lastS = lastRowStartS(past);
      const out = new Float64Array(steps);
      for (let k = 1; k <= steps; k++) {
        const targetS = lastS + k * past.stepS;
        out[k - 1] = seenAt(past, targetS - Math.ceil((targetS - lastS) / periodS) * periodS);
      }
      return out;
    },
  };
}

/**
 * Linear autoregression y(t) = a + b·y(t − step) + c·y(t − 1 day) + d·y(t − 1 week), fitted by
 * least squares on the last four weeks and iterated step by step (a prediction becomes the
 * next step's lag). With less than five weeks of past it falls back to the daily seasonal naive.
 */
export const autoregressive: Forecaster = {
  name: 'ar',
  historyS: AR_FIT_S + WEEK_S,
  forecast(past, steps) {
    const { stepS } = past;
    const lagDay = Math.round(DAY_S / stepS);
    const lagWeek = Math.round(WEEK_S / stepS);
    const lastS = lastRowStartS(past);
    const seenSteps = Math.floor((lastS - past.timesS[0]!) / stepS);
    const fitRows = Math.min(Math.round(AR_FIT_S / stepS), seenSteps - lagWeek);
    if (fitRows < 2 * lagDay) return seasonalDay.forecast(past, steps);
    // The grid from (fitRows + lagWeek) steps back to now, then the predictions after it.
    const history = fitRows + lagWeek;
    const y = new Float64Array(history + 1 + steps);
    for (let i = 0; i <= history; i++) y[i] = seenAt(past, lastS - (history - i) * stepS);
    const lags = [1, lagDay, lagWeek];
    const coefficients = leastSquares(y, history + 1 - fitRows, history + 1, lags);
    for (let i = history + 1; i < y.length; i++) {
      let value = coefficients[0]!;
      lags.forEach((lag, j) => (value += coefficients[j + 1]! * y[i - lag]!));
      y[i] = Math.max(0, value);
    }
    return y.slice(history + 1);
  },
};

/** Coefficients [a, b1, b2, …] of y[i] ≈ a + Σ bj·y[i − lagj] over i ∈ [from, to), by the normal equations. */
function leastSquares(y: Float64Array, from: number, to: number, lags: readonly number[]): number[] {
  const n = lags.length + 1;
  const matrix = Array.from({ length: n }, () => new Float64Array(n + 1));
  const features = new Float64Array(n);
  for (let i = from; i < to; i++) {
    features[0] = 1;
    lags.forEach((lag, j) => (features[j + 1] = y[i - lag]!));
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) matrix[r]![c]! += features[r]! * features[c]!;
      matrix[r]![n]! += features[r]! * y[i]!;
    }
  }
  // A tiny ridge keeps a flat stretch (all lags equal) solvable; it does not move a fit on real data.
  const scale = matrix.reduce((sum, row, r) => sum + row[r]!, 0) / n;
  for (let r = 1; r < n; r++) matrix[r]![r]! += 1e-9 * scale;
  return solve(matrix);
}

/** Gaussian elimination with partial pivoting on an augmented n × (n + 1) matrix. */
function solve(matrix: Float64Array[]): number[] {
  const n = matrix.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(matrix[r]![col]!) > Math.abs(matrix[pivot]![col]!)) pivot = r;
    [matrix[col], matrix[pivot]] = [matrix[pivot]!, matrix[col]!];
    const p = matrix[col]![col]!;
    if (p === 0) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = matrix[r]![col]! / p;
      for (let c = col; c <= n; c++) matrix[r]![c]! -= factor * matrix[col]![c]!;
    }
  }
  return matrix.map((row, r) => (row[r] === 0 ? 0 : row[n]! / row[r]!));
}

export const seasonalDay = seasonalNaive('seasonal-day', DAY_S);
export const seasonalWeek = seasonalNaive('seasonal-week', WEEK_S);

export const FORECASTER_NAMES = ['persistence', 'seasonal-day', 'seasonal-week', 'ar', 'file:PATH'] as const;

/** The forecaster of a name: persistence, seasonal-day, seasonal-week, ar, or file:PATH. */
export function forecasterByName(name: string): Forecaster {
  if (name === 'persistence') return persistence;
  if (name === 'seasonal-day') return seasonalDay;
  if (name === 'seasonal-week') return seasonalWeek;
  if (name === 'ar') return autoregressive;
  if (name.startsWith('file:') && name.length > 5) return readForecastFile(name.slice(5));
  throw new InputError(`unknown forecaster '${name}'; forecasters: ${FORECASTER_NAMES.join(', ')}`);
}
