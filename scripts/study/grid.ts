/**
 * The study's grid (docs/results.md): in each region, start times drawn uniformly over the
 * hours of a year, each with its own seed, all from one seeded generator, so regions share
 * neither start hours nor seeds. Traces join the following year where one is bundled, so the
 * reference window (search start to trace end) never shrinks to days; DE, FR and GB have one
 * year only, and their windows shrink towards December (stated in the results).
 */

import { Random } from '../../src/random.js';

export interface Region {
  readonly zone: string;
  /** The trace the searches run on. */
  readonly trace: string;
  /** The year the start times are drawn from. */
  readonly year: number;
}

export const REGIONS: readonly Region[] = [
  { zone: 'US-CAL-CISO', trace: 'US-CAL-CISO:2022-2023', year: 2022 },
  { zone: 'DE', trace: 'DE:2020', year: 2020 },
  { zone: 'ES', trace: 'ES:2022-2023', year: 2022 },
  { zone: 'GB', trace: 'GB:2020', year: 2020 },
  { zone: 'FR', trace: 'FR:2020', year: 2020 },
  { zone: 'NO', trace: 'NO:2022-2023', year: 2022 },
];

export const SEARCH_HOURS = 40;
/** Room before a start for the supernet's training (17 minutes on 8 GPUs), and some. */
const LEAD_HOURS = 1;
const STUDY_SEED = 20_261_129;

export interface StudyScenario {
  readonly zone: string;
  readonly trace: string;
  readonly start: string;
  readonly seed: number;
  /** Index within its region: the fairness grid runs on the first few of each region. */
  readonly index: number;
}

function isoHour(timeS: number): string {
  return new Date(timeS * 1000).toISOString().replace('.000Z', 'Z');
}

/** `perRegion` starts in each region, drawn in region order from the study's generator. */
export function studyGrid(perRegion: number): StudyScenario[] {
  const random = new Random(STUDY_SEED);
  const grid: StudyScenario[] = [];
  for (const region of REGIONS) {
    const firstS = Date.UTC(region.year, 0, 1) / 1000 + LEAD_HOURS * 3600;
    const lastS = Date.UTC(region.year + 1, 0, 1) / 1000 - SEARCH_HOURS * 3600;
    const hours = Math.floor((lastS - firstS) / 3600) + 1;
    for (let index = 0; index < perRegion; index++) {
      const startS = firstS + random.int(hours) * 3600;
      const seed = random.int(2 ** 31);
      grid.push({ zone: region.zone, trace: region.trace, start: isoHour(startS), seed, index });
    }
  }
  return grid;
}
