/**
 * Clocks for the live service. The system clock is the wall clock; a replay clock runs a
 * trace's time from a chosen start at `speed` times real time (3600: an hour per second),
 * so that the same policy code can be driven by a replayed signal and by a live one.
 */

export interface Clock {
  /** Now, Unix seconds. */
  nowS(): number;
  /** Trace seconds per real second (1 for the wall clock). */
  readonly speed: number;
}

export const systemClock: Clock = { nowS: () => Date.now() / 1000, speed: 1 };

export interface ReplayClock extends Clock {
  /** Restarts the replay at its start time now (the service calls it once it listens). */
  begin(): void;
}

/** `startS` at the moment of construction (or of `begin`), then `speed` trace seconds per real second. */
export function replayClock(startS: number, speed: number, realNowMs: () => number = Date.now): ReplayClock {
  if (!(speed > 0 && Number.isFinite(speed))) throw new RangeError(`replay speed must be a positive number, got ${speed}`);
  let realStartMs = realNowMs();
  return {
    nowS: () => startS + ((realNowMs() - realStartMs) / 1000) * speed,
    speed,
    begin: () => void (realStartMs = realNowMs()),
  };
}
