/**
 * How long an exact hypervolume will take, roughly, so that `ce-nas hv` can warn before an
 * intractable computation instead of running for days without a word. In 2-D and 3-D the
 * core is O(n log n); from 4-D on it runs WFG, whose work on n non-dominated points grows
 * about as n^(d/2 − 1). The constant was measured with the core on points of a spherical
 * front on this project's 2-core machine (10-D: 50 points 0.84 s, 100 points 13.4 s; 8-D:
 * 400 points 18 s), so the figure is an order of magnitude, not a promise.
 */

import { type Backend, hypervolume, type PointMatrix, paretoRanks } from '../pareto.js';
import { packageFile } from '../package-files.js';

const MS_PER_UNIT = 1.3e-4;
/** Warn from this estimated time on (CE_NAS_HV_WARN_S changes it, for tests). */
function warnFromS(): number {
  const text = process.env.CE_NAS_HV_WARN_S;
  return text !== undefined && Number(text) >= 0 ? Number(text) : 10;
}

/** Estimated seconds of the core's exact hypervolume of `points`, or 0 when it is fast (d ≤ 3). */
export function estimateHypervolumeSeconds(points: PointMatrix, maximise: readonly boolean[]): { seconds: number; front: number } {
  if (points.dim <= 3 || points.n === 0) return { seconds: 0, front: points.n };
  const ranks = paretoRanks(points, { maximise }); // dominated points are dropped by WFG first
  let front = 0;
  for (const rank of ranks) if (rank === 0) front++;
  return { seconds: (MS_PER_UNIT * front ** ((points.dim - 2) / 2)) / 1000, front };
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} minutes`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(0)} hours`;
  if (seconds < 2 * 365 * 86_400) return `${(seconds / 86_400).toFixed(0)} days`;
  return `${(seconds / (365 * 86_400)).toExponential(1)} years`;
}

/** A one-line warning when the estimate reaches the threshold (10 s), else undefined. */
export function hypervolumeWarning(points: PointMatrix, maximise: readonly boolean[]): string | undefined {
  return warningOf(points, estimateHypervolumeSeconds(points, maximise));
}

function warningOf(points: PointMatrix, { seconds, front }: { seconds: number; front: number }): string | undefined {
  if (points.dim <= 3 || seconds < warnFromS()) return undefined;
  return (
    `ce-nas: warning: the exact hypervolume of ${front} non-dominated points in ${points.dim} dimensions may take about ${duration(seconds)} ` +
    `(the work grows about as n^(d/2 − 1)); fewer points or objectives make it tractable; Ctrl-C stops it\n`
  );
}

/**
 * The hypervolume, with the warning first when it is expected to be slow; then, on a terminal,
 * the computation runs in a worker thread while a line shows the time elapsed (the core's
 * kernel is one call that cannot report progress itself).
 */
export async function hypervolumeReporting(
  points: PointMatrix,
  reference: readonly number[],
  options: { maximise: boolean[]; backend: Backend },
  stderr: (text: string) => void,
  isTerminal?: boolean,
): Promise<number> {
  const estimate = estimateHypervolumeSeconds(points, options.maximise);
  const warning = warningOf(points, estimate);
  if (warning !== undefined) stderr(warning);
  // process.stderr is looked at only here: creating it loads Node's stream modules.
  if (warning === undefined || !(isTerminal ?? process.stderr.isTTY === true)) return hypervolume(points, reference, options);
  // Loaded only here: a plain `ce-nas hv` does not pay for the worker machinery at start-up.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(packageFile('dist/src/cli/hv-worker.js'), { workerData: { points, reference: [...reference], ...options } });
  const startedMs = performance.now();
  const ticker = setInterval(
    () => stderr(`\rhypervolume: ${((performance.now() - startedMs) / 1000).toFixed(0)} s elapsed of about ${duration(estimate.seconds)} (Ctrl-C stops it)`),
    500,
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    clearInterval(ticker);
    stderr('\r\u001b[K');
    void worker.terminate();
  }
}
