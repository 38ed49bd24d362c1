/**
 * Loads the AssemblyScript port (build/ce_nas_as.wasm) and wraps its raw exports in plain
 * JavaScript: point sets in, arrays and numbers out. Inputs are copied into linear memory
 * and never mutated; every block is freed, also on error.
 */

import { readFileSync } from 'node:fs';

export const PORT_WASM = new URL('./build/ce_nas_as.wasm', import.meta.url);

/** The bugs mutant.ts can plant, by the name the adapter's `--mutant` takes. */
export const MUTANTS = Object.freeze({ 'tie-rule': 1, rounding: 2, 'trace-boundary': 3, duplicates: 4, slicing: 5, 'resume-overhead': 6, 'idle-charging': 7 });

const ACTIVITIES = ['idle', 'training', 'sampling'];
const ROUNDINGS = { reference: 0, nearest: 1 };

/**
 * A schedule case (docs/conformance.md, `schedule`) as one f64 array, in the layout of
 * assembly/schedule.ts: an 18-value header, the trace, the architectures, the proposals, the
 * shares and the reference.
 */
function flattenSchedule(c) {
  const fail = (message) => {
    throw new RangeError(`schedule: ${message}`);
  };
  const dim = c.reference?.length ?? 0;
  const { timesS, intensityGPerKwh, endS: traceEndS } = c.trace ?? {};
  if (dim < 1) fail('the reference needs at least one value');
  if (!Array.isArray(timesS) || !Array.isArray(intensityGPerKwh) || timesS.length < 1 || timesS.length !== intensityGPerKwh.length)
    fail('trace: as many intensities as times, at least one');
  if (!(c.allocation?.rounding in ROUNDINGS)) fail(`allocation.rounding must be 'reference' or 'nearest', got ${JSON.stringify(c.allocation?.rounding)}`);
  const architectures = c.architectures ?? [];
  architectures.forEach((a, id) => {
    if (a.estimate?.length !== dim || a.objectives?.length !== dim)
      fail(`architectures[${id}]: estimate and objectives need ${dim} values each, as the reference has`);
  });
  if (!Array.isArray(c.proposals) || new Set(c.proposals).size !== c.proposals.length) fail('proposals must be distinct architecture ids');
  if (!Array.isArray(c.samplingShares) || c.samplingShares.length < 1) fail('samplingShares must hold at least one λs');
  const header = [
    c.gpus,
    c.startS,
    c.endS,
    c.epochS,
    c.initialSamples,
    c.queueCapacity,
    c.resumeOverheadS,
    ROUNDINGS[c.allocation.rounding],
    c.allocation.minEvaluationGpus,
    c.power?.busyW,
    c.power?.idleW,
    c.power?.pue,
    timesS.length,
    traceEndS,
    architectures.length,
    dim,
    c.proposals?.length ?? 0,
    c.samplingShares?.length ?? 0,
  ];
  const values = [...header, ...timesS, ...intensityGPerKwh];
  for (const a of architectures) values.push(a.trainingS, a.samplingS, ...a.estimate, ...a.objectives);
  values.push(...(c.proposals ?? []), ...(c.samplingShares ?? []), ...c.reference);
  // Missing or non-numeric fields become NaN, which the kernel refuses.
  return Float64Array.from(values, (value) => (typeof value === 'number' ? value : NaN));
}

const SCHEDULE_STATUS = {
  [-1]: 'the case does not hold as many values as its counts say',
  [-2]: 'a value is NaN or infinite (or missing)',
  [-3]:
    'an argument is outside its domain (gpus, initialSamples and queueCapacity are integers ≥ 1; startS < endS; epochS > 0; resumeOverheadS ≥ 0; ' +
    'power ≥ 0 and PUE ≥ 1; the trace increasing and covering [startS, endS]; trainingS, samplingS > 0; proposals distinct ids, at least initialSamples; shares in [0, 1])',
};

const STATUS = { [-1]: 'bad shape (n < 0 or dim < 1)', [-2]: 'a value is NaN or infinite', [-3]: 'an argument is outside its domain' };

/** AssemblyScript strings: UTF-16, byte length in the 4 bytes before the pointer. */
function readString(memory, ptr) {
  if (ptr === 0) return '';
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

/**
 * A fresh instance of the port (each has its own memory and mutant switch).
 * @param {{ mutant?: string }} [options]
 */
export function loadPort(options = {}) {
  let memory;
  const env = {
    abort(message, file, line, column) {
      throw new Error(`AssemblyScript port aborted: ${readString(memory, message)} at ${readString(memory, file)}:${line}:${column}`);
    },
  };
  const core = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(PORT_WASM)), { env }).exports;
  memory = core.memory;
  if (options.mutant !== undefined) {
    const code = MUTANTS[options.mutant];
    if (code === undefined) throw new RangeError(`unknown mutant '${options.mutant}' (known: ${Object.keys(MUTANTS).join(', ')})`);
    core.set_mutant(code);
  }

  /** Runs `body` with one block per byte size, freeing them all afterwards. */
  function withBlocks(sizes, body) {
    const ptrs = [];
    try {
      for (const bytes of sizes) {
        const ptr = core.alloc(Math.max(bytes, 8));
        if (ptr === 0) throw new RangeError(`AssemblyScript port: cannot allocate ${bytes} bytes`);
        ptrs.push(ptr);
      }
      return body(ptrs);
    } finally {
      for (const ptr of ptrs) core.free(ptr);
    }
  }

  function check(status, kernel) {
    if (status < 0) throw new RangeError(`AssemblyScript port: ${kernel}: ${STATUS[status] ?? `status ${status}`}`);
    return status;
  }

  const f64 = (ptr, count) => new Float64Array(memory.buffer, ptr, count);
  const writeFlags = (ptr, maximise, dim) => {
    const view = new Uint8Array(memory.buffer, ptr, dim);
    for (let j = 0; j < dim; j++) view[j] = maximise?.[j] ? 1 : 0;
  };

  /** A kernel over a point set {values, n, dim} with optional maximise flags (and reference). */
  function pointKernel(points, reference, maximise, outBytes, call) {
    const { values, n, dim } = points;
    return withBlocks([values.length * 8, dim * 8, dim, outBytes], ([valuesPtr, referencePtr, flagsPtr, outPtr]) => {
      f64(valuesPtr, values.length).set(values);
      if (reference !== undefined) f64(referencePtr, dim).set(reference);
      writeFlags(flagsPtr, maximise, dim);
      return call(valuesPtr, n, dim, referencePtr, maximise === undefined ? 0 : flagsPtr, outPtr);
    });
  }

  return {
    /** { weakly, pareto, strictly } for a over b. */
    dominance(a, b, maximise) {
      if (a.length !== b.length) throw new RangeError(`dominance: a has ${a.length} values, b ${b.length}`);
      const dim = a.length;
      return withBlocks([dim * 8, dim * 8, dim], ([aPtr, bPtr, flagsPtr]) => {
        f64(aPtr, dim).set(a);
        f64(bPtr, dim).set(b);
        writeFlags(flagsPtr, maximise, dim);
        const flags = check(core.dominance(aPtr, bPtr, dim, maximise === undefined ? 0 : flagsPtr), 'dominance');
        return { weakly: (flags & 1) !== 0, pareto: (flags & 2) !== 0, strictly: (flags & 4) !== 0 };
      });
    },
    /** Pareto ranks of {values, n, dim} (0 = non-dominated), as an Int32Array. */
    paretoRanks(points, options) {
      return pointKernel(points, undefined, options?.maximise, points.n * 4, (p, n, dim, _ref, flags, out) => {
        check(core.pareto_ranks(p, n, dim, flags, out), 'pareto_ranks');
        return new Int32Array(memory.buffer, out, n).slice();
      });
    },
    hypervolume(points, reference, options) {
      if (reference.length !== points.dim) throw new RangeError(`hypervolume: reference has ${reference.length} values, points ${points.dim}`);
      const volume = pointKernel(points, reference, options?.maximise, 8, (p, n, dim, ref, flags, out) => {
        check(core.hypervolume(p, n, dim, ref, flags, out), 'hypervolume');
        return f64(out, 1)[0];
      });
      // An overflowing hypervolume is a defined error, not +∞ (docs/conformance.md, "Overflow").
      if (!Number.isFinite(volume)) throw new RangeError('hypervolume overflows the largest double');
      return volume;
    },
    hypervolumeContributions(points, reference, options) {
      if (reference.length !== points.dim) throw new RangeError(`contributions: reference has ${reference.length} values, points ${points.dim}`);
      this.hypervolume(points, reference, options); // contributions fail when HV(S) overflows
      return pointKernel(points, reference, options?.maximise, points.n * 8, (p, n, dim, ref, flags, out) => {
        check(core.hv_contributions(p, n, dim, ref, flags, out), 'hv_contributions');
        return f64(out, n).slice();
      });
    },
    /** { samplingShare, samplingGpus, evaluationGpus }; `rounding` 'nearest' (default) or 'reference', with at least `minEvaluationGpus` evaluating. */
    allocation(currentGPerKwh, minGPerKwh, maxGPerKwh, totalGpus, rounding = 'nearest', minEvaluationGpus = 0) {
      if (!Number.isInteger(totalGpus) || totalGpus < 0 || totalGpus > 2 ** 31 - 1)
        throw new RangeError(`allocation: totalGpus must be an integer ≥ 0, got ${totalGpus}`);
      if (rounding !== 'nearest' && rounding !== 'reference')
        throw new RangeError(`allocation: rounding must be 'reference' or 'nearest', got ${JSON.stringify(rounding)}`);
      if (!Number.isInteger(minEvaluationGpus) || minEvaluationGpus < 0 || minEvaluationGpus > 2 ** 31 - 1)
        throw new RangeError(`allocation: minEvaluationGpus must be an integer ≥ 0, got ${minEvaluationGpus}`);
      return withBlocks([16], ([outPtr]) => {
        check(core.allocation(currentGPerKwh, minGPerKwh, maxGPerKwh, totalGpus, rounding === 'reference' ? 1 : 0, minEvaluationGpus, outPtr), 'allocation');
        const [samplingGpus, evaluationGpus] = new Int32Array(memory.buffer, outPtr + 8, 2);
        return { samplingShare: f64(outPtr, 1)[0], samplingGpus, evaluationGpus };
      });
    },
    /**
     * The replay of a scripted search: { intervals: [gpu, activity, startS, endS,
     * architecture][] by GPU then start, energyKwh, carbonKg, trainings, progress: [time, hv][] }.
     */
    schedule(scheduleCase) {
      const input = flattenSchedule(scheduleCase);
      return withBlocks([input.length * 8, 8], ([inputPtr, outPtr]) => {
        f64(inputPtr, input.length).set(input);
        const status = core.schedule(inputPtr, input.length, outPtr);
        if (status < 0) throw new RangeError(`AssemblyScript port: schedule: ${SCHEDULE_STATUS[status] ?? `status ${status}`}`);
        const [resultPtr, size] = new Uint32Array(memory.buffer, outPtr, 2);
        try {
          const result = f64(resultPtr, size);
          const [intervalCount, trainingCount, energyKwh, carbonKg] = result;
          let slot = 4;
          const intervals = [];
          for (let k = 0; k < intervalCount; k++, slot += 5) {
            intervals.push([result[slot], ACTIVITIES[result[slot + 1]], result[slot + 2], result[slot + 3], result[slot + 4]]);
          }
          const trainings = Array.from(result.subarray(slot, slot + trainingCount));
          slot += trainingCount;
          const progress = [];
          for (let k = 0; k < trainingCount; k++, slot += 2) progress.push([result[slot], result[slot + 1]]);
          return { intervals, energyKwh, carbonKg, trainings, progress };
        } finally {
          core.free(resultPtr);
        }
      });
    },
    /** { energyKwh, carbonKg } of powerW × pue over [startS, stopS] of the trace. */
    carbon({ timesS, intensityGPerKwh, endS, startS, stopS, powerW, pue }) {
      const rows = intensityGPerKwh.length;
      if (timesS.length !== rows) throw new RangeError(`carbon: ${timesS.length} row starts but ${rows} intensities`);
      return withBlocks([rows * 8, rows * 8, 16], ([timesPtr, valuesPtr, outPtr]) => {
        f64(timesPtr, rows).set(timesS);
        f64(valuesPtr, rows).set(intensityGPerKwh);
        check(core.carbon(timesPtr, valuesPtr, rows, endS, startS, stopS, powerW, pue, outPtr), 'carbon');
        const [energyKwh, carbonKg] = f64(outPtr, 2);
        return { energyKwh, carbonKg };
      });
    },
  };
}
