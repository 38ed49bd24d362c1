#!/usr/bin/env node
// A search driver that asks `ce-nas serve` for its pool's split every epoch and starts or
// pauses its (simulated) training and sampling jobs to match: the loop a real CE-NAS
// deployment runs around its job scheduler. Node ≥ 18, no dependencies.
//
//   node driver.mjs --url http://127.0.0.1:8080 [--pool default] [--epoch-hours 1]
//                   [--first-epoch ISO] [--until ISO] [--max-epochs N] [--training-hours 4]
//
// Each epoch prints one JSON line: the epoch's time, the split, the intensity and which
// jobs were started, resumed and paused. Times are the service's clock (a replay runs
// faster than real time), so the driver waits on /health. With --first-epoch, epochs are
// pinned to that schedule and asked with `at=` (the service refuses times after its now).
// The bearer token, if the service wants one, is read from CE_NAS_SERVE_TOKEN.

const args = process.argv.slice(2);
function flag(name, fallback) {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = args[at + 1];
  if (value === undefined) throw new Error(`--${name} needs a value`);
  return value;
}
const url = flag('url', 'http://127.0.0.1:8080').replace(/\/+$/, '');
const pool = flag('pool', 'default');
const epochS = Number(flag('epoch-hours', '1')) * 3600;
const maxEpochs = Number(flag('max-epochs', '1000'));
const trainingWorkS = Number(flag('training-hours', '4')) * 3600;
const token = process.env.CE_NAS_SERVE_TOKEN;
const headers = token ? { authorization: `Bearer ${token}` } : {};
if (!(epochS > 0) || !(maxEpochs > 0) || !(trainingWorkS > 0)) throw new Error('--epoch-hours, --max-epochs and --training-hours must be positive');

async function get(path) {
  const response = await fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}: ${body.message}`);
  return body;
}

const seconds = (iso) => Date.parse(iso) / 1000;
const iso = (tS) => new Date(tS * 1000).toISOString().replace('.000Z', 'Z');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the service's clock reaches `tS` (a bounded number of checks). */
async function waitForServiceTime(tS) {
  for (let check = 0; check < 100; check++) {
    const health = await get('/health');
    const aheadS = tS - seconds(health.now);
    if (aheadS <= 0) return;
    await sleep(Math.min(60_000, (aheadS / health.clockSpeed) * 1000 + 5));
  }
  throw new Error(`the service's clock did not reach ${iso(tS)}`);
}

// The simulated cluster: training jobs with work left, and sampling workers.
let nextJob = 1;
const trainings = []; // { id, workLeftS, running }
let samplers = 0;
let lastEpochS;

function applySplit(sampling, evaluation, nowS) {
  const started = [];
  const resumed = [];
  const paused = [];
  if (lastEpochS !== undefined) {
    for (const job of trainings) if (job.running) job.workLeftS -= nowS - lastEpochS;
  }
  const finished = trainings.filter((job) => job.workLeftS <= 0).map((job) => job.id);
  for (let k = trainings.length - 1; k >= 0; k--) if (trainings[k].workLeftS <= 0) trainings.splice(k, 1);
  let running = trainings.filter((job) => job.running);
  // Too many trainings: pause those with the most work left, as the simulator does.
  running.sort((a, b) => b.workLeftS - a.workLeftS);
  while (running.length > evaluation) {
    const job = running.shift();
    job.running = false;
    paused.push(job.id);
  }
  // Free evaluation GPUs: resume paused trainings (least work left first), then start new ones.
  const waiting = trainings.filter((job) => !job.running).sort((a, b) => a.workLeftS - b.workLeftS);
  while (running.length < evaluation && waiting.length > 0) {
    const job = waiting.shift();
    job.running = true;
    running.push(job);
    resumed.push(job.id);
  }
  while (running.length < evaluation) {
    const job = { id: `train-${nextJob++}`, workLeftS: trainingWorkS, running: true };
    trainings.push(job);
    running.push(job);
    started.push(job.id);
  }
  const samplerChange = sampling - samplers;
  samplers = sampling;
  lastEpochS = nowS;
  return {
    started,
    resumed,
    paused,
    finished,
    samplersStarted: Math.max(0, samplerChange),
    samplersStopped: Math.max(0, -samplerChange),
    // What now runs, counted from the jobs themselves.
    trainingsRunning: trainings.filter((job) => job.running).length,
    samplersRunning: samplers,
  };
}

const firstText = flag('first-epoch', undefined);
const untilText = flag('until', undefined);
let epochTimeS = firstText === undefined ? seconds((await get('/health')).now) : seconds(firstText);
const untilS = untilText === undefined ? Infinity : seconds(untilText);
for (let epoch = 0; epoch < maxEpochs && epochTimeS < untilS; epoch++, epochTimeS += epochS) {
  await waitForServiceTime(epochTimeS);
  const answer = await get(`/v1/pools/${encodeURIComponent(pool)}/allocation?at=${encodeURIComponent(iso(epochTimeS))}`);
  const jobs = applySplit(answer.samplingGpus, answer.evaluationGpus, epochTimeS);
  process.stdout.write(
    `${JSON.stringify({ epoch, time: answer.time, samplingGpus: answer.samplingGpus, evaluationGpus: answer.evaluationGpus, intensityGPerKwh: answer.intensityGPerKwh, stale: answer.stale, ...jobs })}\n`,
  );
}
