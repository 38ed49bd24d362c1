#!/usr/bin/env python3
"""The conformance kit's `schedule` function, in Python's standard library only, written from
its specification (docs/conformance.md, "`schedule`: checking another simulator's scheduler"),
not from the TypeScript engine.

    schedule(args, mutant=None) -> {intervals, energyKwh, carbonKg, trainings, progress}

`mutant` plants one deliberate bug, to show that a comparison catches it:
  preemption-order  an epoch keeps the running trainings with the MOST work left (latest finish)
                    and pauses those with the least, the opposite of the rule
  resume-overhead   a paused training resumes without `resumeOverheadS`
  idle-charging     idle GPU time is charged at `idleW` without the PUE factor

Run as a script, it reads a JSON list of `{"args": ..., "mutant": ...}` (or bare args) on stdin
and writes the list of results on stdout.
"""

import json
import math
import sys
from collections import deque

MUTANTS = ("preemption-order", "resume-overhead", "idle-charging")


# ---------------------------------------------------------------- allocation


def evaluation_gpus(total, share, rule):
    """ge of `total` GPUs at sampling share λs under the allocation rule (spec/allocation.ts)."""
    if rule["rounding"] == "reference":
        rounded = math.floor(total * (1 - share))
    else:
        rounded = total - math.floor(total * share + 0.5)
    return min(total, max(rounded, rule["minEvaluationGpus"]))


# ---------------------------------------------------------------- hypervolume


def _volume(points, reference):
    """Exact hypervolume of minimisation points, each strictly better than `reference`."""
    dim = len(reference)
    if not points:
        return 0.0
    if dim == 1:
        return reference[0] - min(p[0] for p in points)
    if dim == 2:
        total = 0.0
        best_y = reference[1]
        for x, y in sorted((p[0], p[1]) for p in points):
            if y < best_y:
                total += (reference[0] - x) * (best_y - y)
                best_y = y
        return total
    # Slice along the last objective: between consecutive levels, the points at or below the
    # level span a (dim − 1)-dimensional volume.
    ordered = sorted(points, key=lambda p: p[-1])
    total = 0.0
    for k, point in enumerate(ordered):
        upper = ordered[k + 1][-1] if k + 1 < len(ordered) else reference[-1]
        depth = upper - point[-1]
        if depth > 0:
            total += depth * _volume([p[:-1] for p in ordered[: k + 1]], reference[:-1])
    return total


def hypervolume(points, reference):
    kept = [list(p) for p in points if all(v < r for v, r in zip(p, reference))]
    return _volume(kept, list(reference))


# ---------------------------------------------------------------- energy and carbon


def trace_integral(trace, start, stop):
    """∫ CI dt over [start, stop] in g/kWh·s; a row holds from its time to the next row's, the
    last to trace.endS."""
    times = trace["timesS"]
    values = trace["intensityGPerKwh"]
    total = 0.0
    for k, row_start in enumerate(times):
        row_end = times[k + 1] if k + 1 < len(times) else trace["endS"]
        lo = max(start, row_start)
        hi = min(stop, row_end)
        if hi > lo:
            total += values[k] * (hi - lo)
    return total


# ---------------------------------------------------------------- the scheduler


def weakly_dominates(a, b):
    return all(x <= y for x, y in zip(a, b))


def schedule(args, mutant=None):
    # Other names (impl.py's --mutant for the other functions) plant nothing here.
    if mutant not in MUTANTS:
        mutant = None
    gpus = args["gpus"]
    start_s = args["startS"]
    end_s = args["endS"]
    epoch_s = args["epochS"]
    archs = args["architectures"]
    shares = args["samplingShares"]
    overhead = args["resumeOverheadS"]
    capacity = args["queueCapacity"]
    rule = args["allocation"]

    proposals = deque(args["proposals"])
    boot = deque(proposals.popleft() for _ in range(args["initialSamples"]))
    bootstrapping = True

    # Per GPU: the running task {kind, arch, start, end} or None; the role after the first epoch.
    task = [None] * gpus
    role = [None] * gpus
    idle_since = [start_s] * gpus
    intervals = []

    waiting = []  # paused trainings: [work left, pause number, arch]
    pause_number = 0
    queue = []  # finished estimates: [estimate, order number, arch]
    order_number = 0
    epoch_index = 0
    next_epoch = None
    trained = []
    trainings = []
    progress = []

    def close_idle(g, t):
        if t > idle_since[g]:
            intervals.append([g, "idle", idle_since[g], t, -1])

    def start_task(g, kind, arch, t, duration):
        close_idle(g, t)
        task[g] = {"kind": kind, "arch": arch, "start": t, "end": t + duration}

    def stop_task(g, t):
        running = task[g]
        if t > running["start"]:
            intervals.append([g, running["kind"], running["start"], t, running["arch"]])
        task[g] = None
        idle_since[g] = t
        return running

    def epoch(t):
        nonlocal epoch_index, pause_number
        share = shares[min(epoch_index, len(shares) - 1)]
        epoch_index += 1
        ge = evaluation_gpus(gpus, share, rule)
        running = [g for g in range(gpus) if task[g] is not None and task[g]["kind"] == "training"]
        if mutant == "preemption-order":
            running.sort(key=lambda g: (-task[g]["end"], g))
        else:
            running.sort(key=lambda g: (task[g]["end"], g))
        kept = running[:ge]
        for g in running[ge:]:
            paused = stop_task(g, t)
            waiting.append([paused["end"] - t, pause_number, paused["arch"]])
            pause_number += 1
        others = sorted((g for g in range(gpus) if g not in kept), key=lambda g: (task[g] is not None, g))
        evaluators = set(kept) | set(others[: ge - len(kept)])
        for g in range(gpus):
            role[g] = "evaluator" if g in evaluators else "sampler"
        for g in others[: ge - len(kept)]:
            if task[g] is not None and task[g]["kind"] == "sampling":
                cancelled = stop_task(g, t)
                proposals.appendleft(cancelled["arch"])

    def dispatch(t):
        nobody_samples = all(r == "evaluator" for r in role)
        for g in range(gpus):
            if task[g] is not None:
                continue
            if bootstrapping:
                if boot:
                    arch = boot.popleft()
                    start_task(g, "training", arch, t, archs[arch]["trainingS"])
                continue
            if role[g] == "evaluator":
                if waiting:
                    best = min(waiting, key=lambda w: (w[0], w[1]))
                    waiting.remove(best)
                    extra = 0 if mutant == "resume-overhead" else overhead
                    start_task(g, "training", best[2], t, best[0] + extra)
                elif queue:
                    def dominated_by(entry):
                        return sum(1 for other in queue if other is not entry and weakly_dominates(other[0], entry[0]))
                    best = min(queue, key=lambda e: (dominated_by(e), e[1]))
                    queue.remove(best)
                    start_task(g, "training", best[2], t, archs[best[2]]["trainingS"])
                elif nobody_samples and proposals:
                    arch = proposals.popleft()
                    start_task(g, "training", arch, t, archs[arch]["trainingS"])
            else:
                in_flight = sum(1 for x in task if x is not None and x["kind"] == "sampling")
                if len(queue) + in_flight < capacity and proposals:
                    arch = proposals.popleft()
                    start_task(g, "sampling", arch, t, archs[arch]["samplingS"])

    t = start_s
    dispatch(t)
    if not boot and all(x is None for x in task):
        # No initial samples (the product requires at least one): the first epoch is at startS.
        bootstrapping = False
        epoch(t)
        next_epoch = t + epoch_s
        dispatch(t)

    while True:
        ends = [x["end"] for x in task if x is not None]
        candidates = ends + ([next_epoch] if next_epoch is not None else [])
        if not candidates:
            break
        t = min(candidates)
        if t > end_s:
            break
        for g in range(gpus):
            if task[g] is not None and task[g]["end"] == t:
                finished = stop_task(g, t)
                if finished["kind"] == "training":
                    trained.append(archs[finished["arch"]]["objectives"])
                    trainings.append(finished["arch"])
                    progress.append([t, hypervolume(trained, args["reference"])])
                else:
                    queue.append([archs[finished["arch"]]["estimate"], order_number, finished["arch"]])
                    order_number += 1
        if t >= end_s:
            break
        if bootstrapping:
            if not boot and all(x is None for x in task):
                bootstrapping = False
                epoch(t)
                next_epoch = t + epoch_s
        elif next_epoch == t:
            epoch(t)
            next_epoch = t + epoch_s
        dispatch(t)

    # The end: every task still running is abandoned at endS; its time is charged.
    for g in range(gpus):
        if task[g] is not None:
            stop_task(g, end_s)
        close_idle(g, end_s)
    intervals.sort(key=lambda i: (i[0], i[2]))

    power = args["power"]
    pue = power["pue"]
    energy_ws = 0.0
    carbon = 0.0
    for _, activity, lo, hi, _ in intervals:
        if activity == "idle":
            watts = power["idleW"] if mutant == "idle-charging" else power["idleW"] * pue
        else:
            watts = power["busyW"] * pue
        energy_ws += watts * (hi - lo)
        carbon += (watts / 1000) * trace_integral(args["trace"], lo, hi) / 3600 / 1000
    return {
        "intervals": intervals,
        "energyKwh": energy_ws / 3.6e6,
        "carbonKg": carbon,
        "trainings": trainings,
        "progress": progress,
    }


def main():
    requests = json.load(sys.stdin)
    results = []
    for request in requests:
        if "args" in request:
            results.append(schedule(request["args"], request.get("mutant")))
        else:
            results.append(schedule(request))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
