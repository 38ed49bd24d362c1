/**
 * The CE-NAS study of docs/results.md.
 *
 *   npm run study:cenas [-- --starts N]     run every shard on all cores, then write the tables
 *   tsx scripts/study/main.ts run --shard K/N [--starts N]   one share of the grid
 *   tsx scripts/study/main.ts report [--starts N]            tables only (docs/study/tables.md)
 *
 * Each scenario appends one line to docs/study/runs-K-of-N.jsonl when it is done; a rerun
 * skips scenarios already there, so an interrupted study resumes where it stopped.
 */

import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { studyGrid, type StudyScenario } from './grid.js';
import { writeStudyTables } from './report.js';
import { FAIRNESS_STARTS, runStudyScenario, type StudyLine } from './run.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const STUDY_DIR = join(ROOT, 'docs/study');
/** Starts per region: 6 regions × 36 starts fit in under 30 minutes on 2 cores. */
const DEFAULT_STARTS = 36;

function key(line: { readonly zone: string; readonly start: string; readonly seed: number }): string {
  return `${line.zone}|${line.start}|${line.seed}`;
}

export function readStudyLines(): StudyLine[] {
  if (!existsSync(STUDY_DIR)) return [];
  return readdirSync(STUDY_DIR)
    .filter((file) => /^runs-\d+-of-\d+\.jsonl$/.test(file))
    .sort()
    .flatMap((file) =>
      readFileSync(join(STUDY_DIR, file), 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
    )
    .map((line) => JSON.parse(line) as StudyLine);
}

function runShard(shard: string, starts: number): void {
  const match = /^(\d+)\/(\d+)$/.exec(shard);
  if (match === null) throw new Error(`--shard: expected K/N, got ${shard}`);
  const [k, n] = [Number(match[1]), Number(match[2])];
  mkdirSync(STUDY_DIR, { recursive: true });
  const file = join(STUDY_DIR, `runs-${k}-of-${n}.jsonl`);
  const done = new Set(readStudyLines().map(key));
  const mine = studyGrid(starts).filter((scenario, index) => index % n === k - 1 && !done.has(key(scenario)));
  const startedMs = performance.now();
  mine.forEach((scenario: StudyScenario, index) => {
    // One line per scenario, written whole: an interrupted study leaves no partial scenario.
    appendFileSync(file, `${JSON.stringify(runStudyScenario(scenario, scenario.index < FAIRNESS_STARTS))}\n`);
    const elapsedS = (performance.now() - startedMs) / 1000;
    process.stderr.write(`shard ${k}/${n}: ${index + 1}/${mine.length} scenarios, ${elapsedS.toFixed(0)} s\n`);
  });
}

async function runAll(starts: number): Promise<void> {
  const shards = availableParallelism();
  const script = fileURLToPath(import.meta.url);
  const startedMs = performance.now();
  await Promise.all(
    Array.from(
      { length: shards },
      (_, k) =>
        new Promise<void>((resolve, reject) => {
          const argv = [...process.execArgv, script, 'run', '--shard', `${k + 1}/${shards}`, '--starts', String(starts)];
          const child = spawn(process.execPath, argv, { stdio: 'inherit' });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${k + 1} exited with ${code}`))));
        }),
    ),
  );
  process.stderr.write(`study: ${((performance.now() - startedMs) / 60_000).toFixed(1)} minutes on ${shards} processes\n`);
  writeStudyTables(readStudyLines(), STUDY_DIR);
}

const args = process.argv.slice(2);
const startsAt = args.indexOf('--starts');
const starts = startsAt >= 0 ? Number(args[startsAt + 1]) : DEFAULT_STARTS;
const shardAt = args.indexOf('--shard');
if (args[0] === 'run' && shardAt >= 0) runShard(args[shardAt + 1]!, starts);
else if (args[0] === 'report') writeStudyTables(readStudyLines(), STUDY_DIR);
else if (args[0] === undefined || args[0] === '--starts') await runAll(starts);
else {
  process.stderr.write('usage: main.ts [--starts N] | run --shard K/N [--starts N] | report\n');
  process.exitCode = 2;
}
