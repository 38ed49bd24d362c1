import { describe, expect, it } from 'vitest';
import { VANILLA_SCHEDULE_CASE } from '../src/conformance/functions/schedule.js';
import { InputError } from '../src/errors.js';
import { runSchedule, type ScheduleCase } from '../src/sim/scripted.js';

/** Two GPUs, four architectures, every GPU evaluating (λs = 0), a flat 100 g/kWh. */
const vanillaCase: ScheduleCase = VANILLA_SCHEDULE_CASE;

describe('scripted schedule (the conformance kit’s schedule function)', () => {
  it('should reproduce a hand-computed vanilla schedule: intervals, energy, carbon, trainings and HV', () => {
    const result = runSchedule(vanillaCase);
    // Bootstrap: GPU 0 trains 0 (0–100) then waits for GPU 1 (1, 0–200); the first epoch at 200
    // draws 2 (200–500) on GPU 0 and 3 (200–250) on GPU 1; then nothing is left.
    expect(result.intervals).toEqual([
      [0, 'training', 0, 100, 0],
      [0, 'idle', 100, 200, -1],
      [0, 'training', 200, 500, 2],
      [0, 'idle', 500, 1000, -1],
      [1, 'training', 0, 200, 1],
      [1, 'training', 200, 250, 3],
      [1, 'idle', 250, 1000, -1],
    ]);
    // (650 busy GPU-s × 300 W + 1,350 idle GPU-s × 50 W) × 1.5 / 3.6e6 = 0.109375 kWh, at 100 g/kWh.
    expect(result.energyKwh).toBeCloseTo(0.109375, 12);
    expect(result.carbonKg).toBeCloseTo(0.0109375, 12);
    expect(result.trainings).toEqual([0, 1, 3, 2]);
    // HV against (10, 10): {(1,5)} 45; + (5,1) 65; + (2,2) 74; (3,3) is dominated.
    expect(result.progress).toEqual([
      [100, 45],
      [200, 65],
      [250, 74],
      [500, 74],
    ]);
  });

  it('should sample, queue and train the least-dominated estimate first when λs > 0', () => {
    // One GPU samples, one evaluates (λs = 0.5 of 2): estimates take 10 s each.
    const result = runSchedule({ ...vanillaCase, samplingShares: [0.5], architectures: vanillaCase.architectures.map((a) => ({ ...a, samplingS: 10 })) });
    const sampling = result.intervals.filter(([, activity]) => activity === 'sampling');
    // After the bootstrap (0 and 1), GPU 1 estimates 2 then 3 (200–210, 210–220); GPU 0 trains
    // each estimate as it arrives: 2 at 210; 3 waits in the queue until 510.
    expect(sampling.map(([gpu, , start, end, architecture]) => [gpu, start, end, architecture])).toEqual([
      [1, 200, 210, 2],
      [1, 210, 220, 3],
    ]);
    expect(result.trainings).toEqual([0, 1, 2, 3]);
  });

  it('should reject a case that cannot run, naming what is wrong', () => {
    expect(() => runSchedule({ ...vanillaCase, proposals: [0, 0, 1] })).toThrow(InputError);
    expect(() => runSchedule({ ...vanillaCase, proposals: [0, 9] })).toThrow(/proposals must be architecture ids in \[0, 4\)/);
    expect(() => runSchedule({ ...vanillaCase, trace: { timesS: [100], intensityGPerKwh: [1], endS: 2000 } })).toThrow(/the trace must cover/);
  });
});
