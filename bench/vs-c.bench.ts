/**
 * `npm run bench -- vs-c`: the ce-nas core against a C yardstick (moocore) on the cases of
 * bench/vs-c-cases.ts. With MOOCORE_BIN naming a build of bench/vs-c-driver.c, each case is
 * timed in rounds that alternate the two sides (ce-nas in this process, the driver in-process
 * in its own), so that machine noise hits both alike; the figure per side is the median of
 * the rounds' medians. Without MOOCORE_BIN only the ce-nas side is timed. VS_C_ONLY=TEXT
 * keeps the cases whose label contains TEXT (`VS_C_ONLY='contributions 3-D, 1000 '`).
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hypervolume, hypervolumeContributions, paretoRanks } from '../src/pareto.js';
import { caseFileName, pointFileText, VS_C_CASES, VS_C_REFERENCE_VALUE, type VsCCase, vsCPoints } from './vs-c-cases.js';

export interface VsCRow {
  readonly label: string;
  readonly ceNasMs: number;
  readonly moocoreMs: number | undefined;
}

const ROUNDS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The case's computation by the product API, reduced to one number to compare with C. */
function runCeNas(c: VsCCase, values: Float64Array): number {
  const points = { values, n: c.n, dim: c.dim };
  const reference = new Array<number>(c.dim).fill(VS_C_REFERENCE_VALUE);
  if (c.kernel === 'hv') return hypervolume(points, reference);
  // Plain loops, as the C driver sums: a typed array's reduce costs ~8 µs per 10³ values.
  return sum(c.kernel === 'hvc' ? hypervolumeContributions(points, reference) : paretoRanks(points));
}

function sum(values: Float64Array | Int32Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

/**
 * Repetitions per round: enough for ~150 ms of work, at least 3. (Capped at 50 before, a
 * round of the 0.07 ms cases lasted 3.5 ms, less than one time slice of the other jobs on
 * this machine, and their ratios ranged over 0.6–2.3 in five runs.)
 */
function repetitionsFor(onceMs: number): number {
  return Math.max(3, Math.min(5000, Math.ceil(150 / Math.max(onceMs, 0.01))));
}

function timeCeNas(c: VsCCase, values: Float64Array, reps: number): { ms: number; digest: number } {
  const times: number[] = [];
  let digest = 0;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    digest = runCeNas(c, values);
    times.push(performance.now() - start);
  }
  return { ms: median(times), digest };
}

/**
 * The C driver, run round after round by one shell loop fed through named pipes. Spawning a
 * process from this one (a fork, on Linux) made every allocation of a typed array here ~40×
 * slower for hundreds of milliseconds afterwards (0.8 → 33 µs for 8 kB, measured): timing
 * rounds right after a spawn timed the copy of the result out of WebAssembly memory, not the
 * core. So this process spawns once, before any timing, and the shell does the spawning.
 */
class DriverLoop {
  private readonly child: ChildProcess;
  private readonly input: number;
  private readonly output: number;

  constructor(binary: string, directory: string) {
    const [inPath, outPath] = [join(directory, 'rounds.in'), join(directory, 'rounds.out')];
    execFileSync('mkfifo', [inPath, outPath]);
    const loop = 'exec <"$1" >"$2"; while read -r kernel file reps; do "$0" "$kernel" "$file" "$reps" || echo failed; done';
    this.child = spawn('sh', ['-c', loop, binary, inPath, outPath], { stdio: ['ignore', 'ignore', 'inherit'] });
    // Opening a pipe blocks until the other end opens it; the shell opens them in this order.
    this.input = openSync(inPath, 'w');
    this.output = openSync(outPath, 'r');
  }

  /** The driver's two lines for one round (times, digest). */
  run(c: VsCCase, file: string, reps: number): string[] {
    writeSync(this.input, `${c.kernel} ${file} ${reps}\n`);
    let text = '';
    const buffer = Buffer.alloc(1 << 16);
    while (text.split('\n').length < 3 && !text.startsWith('failed')) {
      const bytes = readSync(this.output, buffer, 0, buffer.length, null);
      if (bytes === 0) throw new Error('vs-c: the moocore driver loop ended early');
      text += buffer.toString('utf8', 0, bytes);
    }
    if (text.startsWith('failed')) throw new Error(`vs-c: the moocore driver failed on ${file}`);
    return text.trim().split('\n');
  }

  close(): void {
    closeSync(this.input); // the shell reads end of input and exits
    closeSync(this.output);
    this.child.unref();
  }
}

function timeMoocore(driver: DriverLoop, c: VsCCase, file: string, reps: number): { ms: number; digest: number } {
  const output = driver.run(c, file, reps);
  return { ms: median(output[0]!.split(' ').map(Number)), digest: Number(output[1]) };
}

function checkAgreement(c: VsCCase, ceNas: number, moocore: number, label: string): void {
  const agree = c.kernel === 'ranks' ? ceNas === moocore : Math.abs(ceNas - moocore) <= Math.sqrt(Number.EPSILON) * Math.abs(moocore);
  if (!agree) throw new Error(`${label}: ce-nas ${ceNas} and moocore ${moocore} disagree`);
}

export function runVsCBench(binary = process.env.MOOCORE_BIN, onRow: (row: VsCRow) => void = () => {}, only = process.env.VS_C_ONLY): VsCRow[] {
  const directory = binary === undefined ? undefined : mkdtempSync(join(tmpdir(), 'ce-nas-vs-c-'));
  const driver = binary === undefined || directory === undefined ? undefined : new DriverLoop(binary, directory);
  const rows: VsCRow[] = [];
  try {
    for (const c of VS_C_CASES) {
      const label = `${{ hv: 'HV', hvc: 'HV contributions', ranks: 'ranks' }[c.kernel]} ${c.dim}-D, ${c.n} ${c.shape}`;
      if (only !== undefined && !label.includes(only)) continue;
      const values = vsCPoints(c.shape, c.n, c.dim);
      // Warm-up: V8 runs WebAssembly in a baseline tier until a function is hot, then swaps
      // in optimised code compiled in the background, which on two busy cores can take well
      // over the first 300 ms (the 10³-point contributions then timed at twice their speed);
      // moocore's code is compiled ahead of time. So: until 300 ms pass without a 3 % gain.
      let onceMs = Infinity;
      const warmStart = performance.now();
      let improvedAt = warmStart;
      for (let k = 0; k < 5 || (performance.now() - improvedAt < 300 && performance.now() - warmStart < 10_000); k++) {
        const start = performance.now();
        runCeNas(c, values);
        const ms = performance.now() - start;
        if (ms < onceMs * 0.97) improvedAt = performance.now();
        onceMs = Math.min(onceMs, ms);
      }
      const reps = repetitionsFor(onceMs);
      const file = directory === undefined ? undefined : join(directory, caseFileName(c));
      if (file !== undefined) writeFileSync(file, pointFileText(values, c.dim));
      const ceNasRounds: number[] = [];
      const moocoreRounds: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const ours = timeCeNas(c, values, reps);
        ceNasRounds.push(ours.ms);
        if (driver !== undefined && file !== undefined) {
          const theirs = timeMoocore(driver, c, file, reps);
          if (round === 0) checkAgreement(c, ours.digest, theirs.digest, label);
          moocoreRounds.push(theirs.ms);
        }
      }
      const row = { label, ceNasMs: median(ceNasRounds), moocoreMs: moocoreRounds.length > 0 ? median(moocoreRounds) : undefined };
      onRow(row); // bench/run.ts prints it, once
      rows.push(row);
    }
  } finally {
    driver?.close();
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

export function formatVsCRow(row: VsCRow): string {
  if (row.moocoreMs === undefined) return `| ${row.label} | ${formatMs(row.ceNasMs)} |`;
  return `| ${row.label} | ${formatMs(row.moocoreMs)} | ${formatMs(row.ceNasMs)} | ${(row.ceNasMs / row.moocoreMs).toFixed(2)} |`;
}

export function vsCHeader(withMoocore: boolean): string {
  return withMoocore ? '| case | moocore (ms) | ce-nas core (ms) | ratio |\n|---|---:|---:|---:|' : '| case | ce-nas core (ms) |\n|---|---:|';
}
