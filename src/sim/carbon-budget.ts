/**
 * A search that ends when its carbon budget is spent (MODEL.md §5), as well as at its time
 * budget: the comparison is then hypervolume at equal carbon, as in the extended paper.
 *
 * Between two events every GPU's activity, hence the run's charged power, is constant, so the
 * instant the budget runs out is found exactly by inverting the trace's intensity integral;
 * the engine ends the run there. The supernet's one-off training counts from the moment the
 * run first samples (it is what makes sampling possible), in the scenario's accounting mode.
 */

import { type AccountingMode, charge, chargedPowerW, type GpuPower } from '../../spec/index.js';
import type { CarbonIntegrator } from '../carbon/accounting.js';
import { activityOf, type GpuPool } from './gpu-pool.js';
import type { SimulationSetup } from './setup.js';
import type { Ledger } from './ledger.js';
import { GRAMS_PER_KILOGRAM, SECONDS_PER_HOUR, WATTS_PER_KILOWATT } from '../units.js';

export interface CarbonBudgetSetup {
  readonly budgetKg: number;
  readonly mode: AccountingMode;
  readonly power: GpuPower;
  readonly carbon: CarbonIntegrator;
  readonly gpus: number;
  readonly startS: number;
  /** Wall-clock time of the supernet's training before the start, s (0: none). */
  readonly supernetS: number;
}

export class CarbonBudget {
  /** The supernet's carbon, charged to a run that samples (all GPUs, before the start). */
  private readonly supernetKg: number;

  constructor(private readonly setup: CarbonBudgetSetup) {
    const { supernetS, startS, gpus, carbon, mode, power } = setup;
    this.supernetKg =
      supernetS === 0 ? 0 : gpus * charge(chargedPowerW('supernet', mode, power), supernetS, carbon.intensityIntegral(startS - supernetS, startS)).carbonKg;
  }

  /** Carbon spent so far: the ledger's (accounted up to now) and the supernet's once the run samples. */
  spentKg(ledger: Ledger, usedSampling: boolean): number {
    return ledger.total(this.setup.mode).carbonKg + (usedSampling ? this.supernetKg : 0);
  }

  /**
   * When the budget runs out if every GPU keeps its present activity from `nowS` (the time the
   * pool was last accounted to): `nowS` if it is spent already, Infinity if never in the trace.
   */
  exhaustedAtS(nowS: number, pool: GpuPool, ledger: Ledger, usedSampling: boolean): number {
    const remainingKg = this.setup.budgetKg - this.spentKg(ledger, usedSampling);
    if (remainingKg <= 0) return nowS;
    let powerW = 0;
    for (const gpu of pool.gpus) powerW += chargedPowerW(activityOf(gpu), this.setup.mode, this.setup.power);
    if (powerW === 0) return Infinity;
    // carbonKg = kW · ∫CI dt / 3600 / 1000 (spec `charge`), solved for the integral.
    const integralGs = (remainingKg * GRAMS_PER_KILOGRAM * SECONDS_PER_HOUR * WATTS_PER_KILOWATT) / powerW;
    return this.setup.carbon.timeWhenIntegralReaches(nowS, integralGs);
  }

  /**
   * One-shot LaMOO must leave carbon to train its estimated front: an estimate of that training's
   * carbon (every GPU busy for the front's makespan at the intensity now) would exceed what is left.
   */
  frontWouldExceed(makespanS: number, intensityGPerKwh: number, ledger: Ledger, usedSampling: boolean): boolean {
    const { gpus, mode, power } = this.setup;
    const frontKg = charge(gpus * chargedPowerW('training', mode, power), makespanS, intensityGPerKwh * makespanS).carbonKg;
    return this.spentKg(ledger, usedSampling) + frontKg >= this.setup.budgetKg;
  }
}

/** The scenario's carbon budget, if it sets one. */
export function carbonBudgetFor(setup: Pick<SimulationSetup, 'scenario' | 'power' | 'carbon' | 'startS' | 'supernetS'>): CarbonBudget | undefined {
  const { scenario } = setup;
  if (scenario.carbonBudgetKg === undefined) return undefined;
  return new CarbonBudget({
    budgetKg: scenario.carbonBudgetKg,
    mode: scenario.accounting,
    power: setup.power,
    carbon: setup.carbon,
    gpus: scenario.gpus,
    startS: setup.startS,
    supernetS: setup.supernetS,
  });
}
