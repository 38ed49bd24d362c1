/**
 * The least-carbon and the carbon-blind placement of a set of jobs on G identical GPUs over a
 * piecewise-constant intensity (docs/offline-bound.md proves both). Jobs may be paused and
 * resumed (the engine pre-empts) but never run on two GPUs at once.
 *
 * The schedule is built in G "layers": layer i is a copy of the time line holding Y_i seconds
 * of work. Y is the smallest vector (in the majorisation order) whose k largest entries sum to at
 * least the k longest jobs (k < G) and whose sum is the total work: the least concave
 * majorant of the points (k, Pk). The least-carbon schedule puts every layer on its cheapest
 * Y_i seconds; the carbon-blind one on its first Y_i seconds (as soon as possible).
 */

/** A stretch of constant intensity, gCO2eq/kWh. */
export interface Segment {
  readonly startS: number;
  readonly endS: number;
  readonly intensityGPerKwh: number;
}

/** Work to place: a duration and the power its placement costs over holding the GPU idle. */
export interface Job {
  readonly durationS: number;
  /** Busy minus idle power, with the PUE, W (0: the work costs nothing wherever it runs). */
  readonly marginalW: number;
}

export interface Placement {
  /** Σ marginal power × ∫ CI over the work, W · gCO2eq/kWh · s. */
  readonly costWGPerKwhS: number;
  /** GPU-seconds of work placed in each segment. */
  readonly usedS: Float64Array;
}

/** Relative slack for sums of floating-point durations. */
const TOLERANCE = 1e-9;

/** Y: the seconds of each layer (non-increasing), from job durations sorted longest first. */
export function layerSeconds(durationsS: readonly number[], gpus: number): Float64Array {
  const sorted = [...durationsS].sort((a, b) => b - a);
  const total = sorted.reduce((sum, d) => sum + d, 0);
  // prefix[k]: the k longest jobs for k < G; the whole work for k = G.
  const prefix = new Float64Array(gpus + 1);
  for (let k = 1; k < gpus; k++) prefix[k] = prefix[k - 1]! + (sorted[k - 1] ?? 0);
  prefix[gpus] = total;
  const layers = new Float64Array(gpus);
  let from = 0;
  while (from < gpus) {
    // The steepest chord from `from` (the farthest point among equal slopes) is the next hull edge.
    let best = from + 1;
    let bestSlope = prefix[best]! - prefix[from]!;
    for (let k = from + 2; k <= gpus; k++) {
      const slope = (prefix[k]! - prefix[from]!) / (k - from);
      if (slope >= bestSlope) {
        best = k;
        bestSlope = slope;
      }
    }
    for (let i = from; i < best; i++) layers[i] = bestSlope;
    from = best;
  }
  return layers;
}

/**
 * Puts each layer's seconds on the segments in `order` (cheapest first, or earliest first),
 * each layer using a segment at most once.
 */
function placeLayers(segments: readonly Segment[], layers: Float64Array, order: readonly number[]): Placement {
  const usedS = new Float64Array(segments.length);
  const spanS = segments.reduce((sum, s) => sum + (s.endS - s.startS), 0);
  let cost = 0;
  for (const layerS of layers) {
    if (layerS > spanS * (1 + TOLERANCE)) throw new RangeError(`offline bound: ${layerS} s of work on one GPU does not fit in the ${spanS} s budget`);
    let left = Math.min(layerS, spanS);
    for (const s of order) {
      if (left <= 0) break;
      const segment = segments[s]!;
      const take = Math.min(left, segment.endS - segment.startS);
      usedS[s]! += take;
      cost += take * segment.intensityGPerKwh;
      left -= take;
    }
  }
  return { costWGPerKwhS: cost, usedS };
}

export type Strategy = 'cheapest' | 'earliest';

/**
 * Places `jobs` on `gpus` GPUs over `segments` (contiguous, in time order). Jobs with a
 * positive marginal power must all have the same one (the model's accounting modes do); jobs
 * of zero marginal power (sampling in the reference code's accounting) cost nothing but need
 * room: they go into what the others leave, which is checked (McNaughton's condition per k).
 */
export function placeJobs(segments: readonly Segment[], jobs: readonly Job[], gpus: number, strategy: Strategy): Placement {
  const paid = jobs.filter((job) => job.marginalW > 0);
  const free = jobs.filter((job) => job.marginalW === 0);
  const marginalW = paid[0]?.marginalW ?? 0;
  if (paid.some((job) => job.marginalW !== marginalW) || jobs.some((job) => !(job.marginalW >= 0))) {
    throw new RangeError('offline bound: the jobs with a cost must all draw the same marginal power');
  }
  const order = segments.map((_, s) => s);
  if (strategy === 'cheapest') order.sort((a, b) => segments[a]!.intensityGPerKwh - segments[b]!.intensityGPerKwh || a - b);
  const placed = placeLayers(
    segments,
    layerSeconds(
      paid.map((job) => job.durationS),
      gpus,
    ),
    order,
  );
  if (free.length > 0) checkRoom(segments, placed.usedS, free, gpus);
  return { costWGPerKwhS: placed.costWGPerKwhS * marginalW, usedS: placed.usedS };
}

/** Throws unless the free jobs fit, pre-emptively, in the GPU time the placed ones leave. */
function checkRoom(segments: readonly Segment[], usedS: Float64Array, free: readonly Job[], gpus: number): void {
  const sorted = free.map((job) => job.durationS).sort((a, b) => b - a);
  let longest = 0;
  for (let k = 1; k <= sorted.length; k++) {
    longest += sorted[k - 1]!;
    let room = 0;
    segments.forEach((segment, s) => {
      const lengthS = segment.endS - segment.startS;
      room += Math.min(gpus * lengthS - usedS[s]!, k * lengthS);
    });
    if (longest > room * (1 + TOLERANCE)) {
      throw new RangeError(`offline bound: the zero-cost work does not fit beside the placed work (its ${k} longest jobs need ${longest} s, ${room} s left)`);
    }
    if (k >= gpus) break; // for k ≥ G the room is the whole remainder, checked at k = G with the full sum below
  }
  const total = sorted.reduce((sum, d) => sum + d, 0);
  const left = segments.reduce((sum, segment, s) => sum + gpus * (segment.endS - segment.startS) - usedS[s]!, 0);
  if (total > left * (1 + TOLERANCE)) throw new RangeError(`offline bound: the zero-cost work (${total} s) exceeds the GPU time left (${left} s)`);
}
