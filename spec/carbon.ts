/**
 * Energy and carbon accounting (MODEL.md §3). Carbon intensity CI(t) is piecewise constant:
 * row r's value holds on [t_r, t_{r+1}) and the last row on [t_last, end). The emissions of
 * power P (W) drawn over [t0, t1], with facility overhead PUE, are
 *   kgCO2eq = ∫_{t0}^{t1} P · PUE · CI(t) dt,
 * evaluated exactly as a sum over the trace rows the interval overlaps (no rounding to whole
 * hours). Units: W, s, gCO2eq/kWh in; kWh and kgCO2eq out.
 */

/** A piecewise-constant trace: row starts (s, increasing), values (gCO2eq/kWh), end (s). */
export interface IntensitySteps {
  readonly timesS: ArrayLike<number>;
  readonly intensityGPerKwh: ArrayLike<number>;
  readonly endS: number;
}

const SECONDS_PER_HOUR = 3600;
const WATTS_PER_KILOWATT = 1000;
const GRAMS_PER_KILOGRAM = 1000;

function checkInterval(steps: IntensitySteps, startS: number, endS: number): void {
  if (!Number.isFinite(startS) || !Number.isFinite(endS) || endS < startS) {
    throw new RangeError(`interval [${startS}, ${endS}] must be finite with start ≤ end`);
  }
  const first = steps.timesS[0];
  if (first === undefined || startS < first || endS > steps.endS) {
    throw new RangeError(`interval [${startS}, ${endS}] lies outside the trace [${first}, ${steps.endS}]`);
  }
}

/** ∫ CI(t) dt over [startS, endS], in gCO2eq/kWh · s, summed row by row in time order. */
export function intensityIntegral(steps: IntensitySteps, startS: number, endS: number): number {
  checkInterval(steps, startS, endS);
  let integral = 0;
  for (let row = 0; row < steps.intensityGPerKwh.length; row++) {
    const rowStart = steps.timesS[row]!;
    const rowEnd = row + 1 < steps.intensityGPerKwh.length ? steps.timesS[row + 1]! : steps.endS;
    const overlapS = Math.min(endS, rowEnd) - Math.max(startS, rowStart);
    if (overlapS > 0) integral += steps.intensityGPerKwh[row]! * overlapS;
  }
  return integral;
}

/** Energy (kWh) and emissions (kgCO2eq) of one charge. */
export interface Charge {
  readonly energyKwh: number;
  readonly carbonKg: number;
}

/**
 * The one formula every charge goes through: facility power `facilityPowerW` (W, PUE
 * included) drawn for `durationS` over which ∫ CI dt = `intensityIntegralGs`
 * (gCO2eq/kWh · s, e.g. from `intensityIntegral`).
 */
export function charge(facilityPowerW: number, durationS: number, intensityIntegralGs: number): Charge {
  const kilowatts = facilityPowerW / WATTS_PER_KILOWATT;
  return {
    energyKwh: (kilowatts * durationS) / SECONDS_PER_HOUR,
    carbonKg: (kilowatts * intensityIntegralGs) / SECONDS_PER_HOUR / GRAMS_PER_KILOGRAM,
  };
}

function checkPower(powerW: number, durationS: number, pue: number): void {
  if (!(powerW >= 0) || !(durationS >= 0) || !(pue >= 1)) {
    throw new RangeError(`power ${powerW} W, duration ${durationS} s and PUE ${pue} must be ≥ 0, ≥ 0 and ≥ 1`);
  }
}

/** Energy of power `powerW` (facility overhead `pue` included) over `durationS`, in kWh. */
export function energyKwh(powerW: number, durationS: number, pue = 1): number {
  checkPower(powerW, durationS, pue);
  return charge(powerW * pue, durationS, 0).energyKwh;
}

/** Emissions of power `powerW` (with `pue`) drawn over [startS, endS], in kgCO2eq. */
export function emissionsKg(steps: IntensitySteps, startS: number, endS: number, powerW: number, pue = 1): number {
  checkPower(powerW, endS - startS, pue);
  return charge(powerW * pue, endS - startS, intensityIntegral(steps, startS, endS)).carbonKg;
}

/**
 * What a GPU held by the search is doing during an interval: full training, one-shot
 * sampling (estimates), nothing (`idle`: held, drawing idle power), or training the
 * supernet that one-shot estimates come from (before the search).
 */
export type GpuActivity = 'training' | 'sampling' | 'idle' | 'supernet';

/**
 * The two accounting modes of MODEL.md §3:
 * - `all-gpu-time`: every GPU-second is charged: busy GPUs (training, sampling, supernet)
 *   draw P_busy, held idle GPUs P_idle, both times PUE;
 * - `reference-code`: as in the CE-NAS reference code, only training time, at 1 kW per GPU,
 *   with no PUE, no sampling, no supernet and no idle draw.
 */
export type AccountingMode = 'all-gpu-time' | 'reference-code';

export interface GpuPower {
  readonly busyW: number;
  readonly idleW: number;
  readonly pue: number;
}

const REFERENCE_CODE_TRAINING_W = 1000;

/** The facility power (W, PUE included) charged for one GPU doing `activity`. */
export function chargedPowerW(activity: GpuActivity, mode: AccountingMode, power: GpuPower): number {
  if (mode === 'reference-code') return activity === 'training' ? REFERENCE_CODE_TRAINING_W : 0;
  return (activity === 'idle' ? power.idleW : power.busyW) * power.pue;
}
