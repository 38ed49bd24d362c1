/**
 * `npm run bench -- startup`: whole-process times of `ce-nas --help` against `node -e 0`, and
 * of `ce-nas hv` on 100 000 points (2-D and 3-D) against moocore's `hv` program when
 * MOOCORE_HV names it. The two commands of a pair run alternately, so that the machine's
 * load hits both alike; medians of wall-clock times. Runs the built CLI (`npm run build`).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointFileText, vsCPoints } from './vs-c-cases.js';

const BIN = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const ROUNDS = 15;

export interface StartupRow {
  readonly what: string;
  readonly ceNasMs: number;
  readonly anchor: string;
  readonly anchorMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function wallMs(command: readonly string[]): number {
  const start = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr.toString()}`);
  return ms;
}

/** Median times of two commands run alternately, after one warm-up run of each. */
function paired(ours: readonly string[], theirs: readonly string[]): [number, number] {
  wallMs(ours);
  wallMs(theirs);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(wallMs(ours));
    b.push(wallMs(theirs));
  }
  return [median(a), median(b)];
}

export function runStartupBench(moocoreHv = process.env.MOOCORE_HV): StartupRow[] {
  if (!existsSync(DIST)) throw new Error('startup bench: no dist/; run npm run build first');
  const rows: StartupRow[] = [];
  const [help, nodeEmpty] = paired([process.execPath, BIN, '--help'], [process.execPath, '-e', '0']);
  rows.push({ what: 'ce-nas --help', ceNasMs: help, anchor: 'node -e 0', anchorMs: nodeEmpty });
  if (moocoreHv === undefined) return rows;
  const directory = mkdtempSync(join(tmpdir(), 'ce-nas-startup-'));
  try {
    for (const dim of [2, 3]) {
      const file = join(directory, `uniform-${dim}d.txt`);
      writeFileSync(file, pointFileText(vsCPoints('uniform', 100_000, dim), dim));
      const reference = new Array<string>(dim).fill('1.1');
      const [ours, theirs] = paired([process.execPath, BIN, 'hv', '--ref', reference.join(','), file], [moocoreHv, '-r', reference.join(' '), file]);
      rows.push({ what: `ce-nas hv, 100 000 uniform ${dim}-D points`, ceNasMs: ours, anchor: 'moocore hv', anchorMs: theirs });
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}
