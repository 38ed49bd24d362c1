/**
 * The energy and carbon ledger of a run: every GPU interval is charged exactly over the
 * trace (spec/carbon.ts `chargedPowerW` and `charge`, integrated by `CarbonIntegrator`), by
 * activity and in both accounting modes at once, so a run reports the mode it was asked for
 * and the reference code's figure beside it.
 */

import { type AccountingMode, charge, chargedPowerW, type GpuActivity, type GpuPower } from '../../spec/index.js';
import type { CarbonIntegrator } from '../carbon/accounting.js';

export const ACTIVITIES: readonly GpuActivity[] = ['training', 'sampling', 'idle', 'supernet'];
export const ACCOUNTING_MODES: readonly AccountingMode[] = ['all-gpu-time', 'reference-code'];

export interface Charge {
  energyKwh: number;
  carbonKg: number;
}

function zeroCharges(): Record<AccountingMode, Record<GpuActivity, Charge>> {
  const byActivity = (): Record<GpuActivity, Charge> => ({
    training: { energyKwh: 0, carbonKg: 0 },
    sampling: { energyKwh: 0, carbonKg: 0 },
    idle: { energyKwh: 0, carbonKg: 0 },
    supernet: { energyKwh: 0, carbonKg: 0 },
  });
  return { 'all-gpu-time': byActivity(), 'reference-code': byActivity() };
}

export class Ledger {
  readonly charges = zeroCharges();
  /** GPU-seconds by activity. */
  readonly gpuSeconds: Record<GpuActivity, number> = { training: 0, sampling: 0, idle: 0, supernet: 0 };

  constructor(
    private readonly carbon: CarbonIntegrator,
    private readonly power: GpuPower,
  ) {}

  /** Charges one GPU doing `activity` over [fromS, toS]. */
  charge(activity: GpuActivity, fromS: number, toS: number): void {
    if (toS <= fromS) return;
    this.gpuSeconds[activity] += toS - fromS;
    const intensityIntegral = this.carbon.intensityIntegral(fromS, toS);
    for (const mode of ACCOUNTING_MODES) {
      const powerW = chargedPowerW(activity, mode, this.power);
      if (powerW === 0) continue;
      const { energyKwh, carbonKg } = charge(powerW, toS - fromS, intensityIntegral);
      this.charges[mode][activity].energyKwh += energyKwh;
      this.charges[mode][activity].carbonKg += carbonKg;
    }
  }

  /** Totals of one accounting mode. */
  total(mode: AccountingMode): Charge {
    const total = { energyKwh: 0, carbonKg: 0 };
    for (const activity of ACTIVITIES) {
      total.energyKwh += this.charges[mode][activity].energyKwh;
      total.carbonKg += this.charges[mode][activity].carbonKg;
    }
    return total;
  }
}
