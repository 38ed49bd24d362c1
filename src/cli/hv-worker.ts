/** A worker thread computing one hypervolume, so that `ce-nas hv` can show progress meanwhile. */

import { parentPort, workerData } from 'node:worker_threads';
import { type Backend, hypervolume, type PointMatrix } from '../pareto.js';

const { points, reference, maximise, backend } = workerData as { points: PointMatrix; reference: number[]; maximise: boolean[]; backend: Backend };
parentPort!.postMessage(hypervolume(points, reference, { maximise, backend }));
