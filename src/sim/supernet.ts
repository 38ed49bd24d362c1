/**
 * The supernet's one-off training (MODEL.md §2): when a run's estimates come from a supernet
 * and it sampled, the supernet trains on all of its GPUs just before the search starts. It is
 * charged to the ledger (activity `supernet`), logged as intervals, and added to the
 * cumulative figures of the run's records, which count from the search start.
 */

import type { Ledger } from './ledger.js';
import type { GpuInterval } from './records.js';
import type { SimulationSetup } from './setup.js';

export interface SupernetCharge {
  /** Wall-clock time of the training before the search start, s (0: none). */
  readonly durationS: number;
  readonly intervals: readonly GpuInterval[];
  /** The records with the supernet's energy and carbon added to their cumulative figures. */
  offset<T extends { carbonKg: number; energyKwh: number }>(records: readonly T[]): readonly T[];
}

export function chargeSupernet(
  setup: Pick<SimulationSetup, 'startS' | 'scenario' | 'supernetS'>,
  ledger: Ledger,
  gpus: number,
  usedSampling: boolean,
): SupernetCharge {
  const { startS, scenario } = setup;
  const durationS = usedSampling ? setup.supernetS : 0;
  if (durationS === 0) return { durationS: 0, intervals: [], offset: (records) => records };
  // setUpSimulation checked that the trace covers it.
  const fromS = startS - durationS;
  const before = ledger.total(scenario.accounting);
  const intervals: GpuInterval[] = [];
  for (let gpu = 0; gpu < gpus; gpu++) {
    ledger.charge('supernet', fromS, startS);
    intervals.push({ gpu, activity: 'supernet', startS: fromS, endS: startS, architecture: -1 });
  }
  const after = ledger.total(scenario.accounting);
  const carbonKg = after.carbonKg - before.carbonKg;
  const energyKwh = after.energyKwh - before.energyKwh;
  return {
    durationS,
    intervals,
    offset: (records) => records.map((record) => ({ ...record, carbonKg: record.carbonKg + carbonKg, energyKwh: record.energyKwh + energyKwh })),
  };
}
