#!/usr/bin/env python3
"""An independent implementation of part of the ce-nas model, in Python's standard library
only, speaking the conformance protocol (docs/conformance.md): one JSON request per line on
stdin, one JSON reply per line on stdout.

    ce-nas conformance run --impl "python3 examples/python-impl/impl.py"

Whole simulations, `simulate`, are not implemented here: the reply to them is
{"id": …, "notImplemented": true}, and the runner lists the function as not implemented.

`--mutant NAME` plants a deliberate bug, to show that the runner catches it:
  tie-rule        labels: ties in dominance number go to the *later* sample
  rounding        allocation: sampling GPUs = floor(G * share), not half up
  trace-boundary  carbon: the whole interval at the intensity of the row it starts in
  overflow        hypervolume: an overflowing volume answered as the largest double, not an error
  preemption-order  schedule: the trainings with the least work left are paused, not the most
  resume-overhead   schedule: a paused training resumes without its overhead
  idle-charging     schedule: idle time charged at idleW without the PUE
"""

import json
import math
import sys

MUTANT = sys.argv[sys.argv.index("--mutant") + 1] if "--mutant" in sys.argv else None


def oriented(vector, maximise):
    """The vector with maximised objectives negated (everything is then minimised)."""
    if not maximise:
        return list(vector)
    return [-v if flag else v for v, flag in zip(vector, maximise)]


def weakly_dominates(a, b):
    return all(x <= y for x, y in zip(a, b))


def dominates(a, b):
    return weakly_dominates(a, b) and any(x < y for x, y in zip(a, b))


def dominance(args):
    a = oriented(args["a"], args.get("maximise"))
    b = oriented(args["b"], args.get("maximise"))
    return {
        "weakly": weakly_dominates(a, b),
        "pareto": dominates(a, b),
        "strictly": len(a) > 0 and all(x < y for x, y in zip(a, b)),
    }


def ranks(args):
    rows = [oriented(p, args.get("maximise")) for p in args["points"]]
    rank = [None] * len(rows)
    remaining = set(range(len(rows)))
    level = 0
    while remaining:
        front = {i for i in remaining if not any(dominates(rows[j], rows[i]) for j in remaining if j != i)}
        for i in front:
            rank[i] = level
        remaining -= front
        level += 1
    return rank


def sliced_volume(rows, reference):
    """Hypervolume by slicing along the last objective (While et al. 2006)."""
    if not rows:
        return 0.0
    dim = len(reference)
    if dim == 1:
        return reference[0] - min(r[0] for r in rows)
    rows = sorted(rows, key=lambda r: r[-1])
    volume = 0.0
    for k, row in enumerate(rows):
        upper = rows[k + 1][-1] if k + 1 < len(rows) else reference[-1]
        height = upper - row[-1]
        if height > 0:
            volume += height * sliced_volume([r[:-1] for r in rows[: k + 1]], reference[:-1])
    return volume


def volume_of(points, reference, maximise):
    rows = [oriented(p, maximise) for p in points]
    ref = oriented(reference, maximise)
    inside = [r for r in rows if all(x < y for x, y in zip(r, ref))]
    volume = sliced_volume(inside, ref)
    if not math.isfinite(volume):
        if MUTANT == "overflow":
            return sys.float_info.max
        # A defined error (docs/conformance.md, "Overflow"), not inf.
        raise ValueError("hypervolume overflows the largest double")
    return volume


def hypervolume(args):
    return volume_of(args["points"], args["reference"], args.get("maximise"))


def contributions(args):
    points, reference, maximise = args["points"], args["reference"], args.get("maximise")
    total = volume_of(points, reference, maximise)
    return [total - volume_of(points[:i] + points[i + 1 :], reference, maximise) for i in range(len(points))]


def split_gpus(total, share, rounding="nearest", min_evaluation=0):
    """The GPU split (docs/conformance.md, allocation): the reference code's or half-up rounding, with a minimum of evaluators."""
    if rounding == "reference":
        evaluation = math.floor(total * (1 - share))
    else:
        sampling = math.floor(total * share) if MUTANT == "rounding" else math.floor(total * share + 0.5)
        evaluation = total - sampling
    evaluation = min(total, max(evaluation, min_evaluation))
    return total - evaluation, evaluation


def allocation(args):
    current, low, high, total = args["currentGPerKwh"], args["minGPerKwh"], args["maxGPerKwh"], args["totalGpus"]
    share = 0.0 if high == low else min(1.0, max(0.0, (current - low) / (high - low)))
    sampling, evaluation = split_gpus(total, share, args.get("rounding", "nearest"), args.get("minEvaluationGpus", 0))
    return {"samplingShare": share, "samplingGpus": sampling, "evaluationGpus": evaluation}


def carbon(args):
    times, values, end = args["timesS"], args["intensityGPerKwh"], args["endS"]
    start, stop, power, pue = args["startS"], args["stopS"], args["powerW"], args["pue"]
    integral = 0.0
    for row, value in enumerate(values):
        row_start = times[row]
        row_end = times[row + 1] if row + 1 < len(values) else end
        if MUTANT == "trace-boundary":
            if row_start <= start < row_end or (start == end and row == len(values) - 1):
                integral = value * (stop - start)
            continue
        overlap = min(stop, row_end) - max(start, row_start)
        if overlap > 0:
            integral += value * overlap
    kilowatts = power * pue / 1000
    return {"energyKwh": power * pue * (stop - start) / 3.6e6, "carbonKg": kilowatts * integral / 3600 / 1000}


def labels(args):
    rows = [oriented(p, args.get("maximise")) for p in args["points"]]
    numbers = [sum(1 for j, other in enumerate(rows) if j != i and weakly_dominates(other, row)) for i, row in enumerate(rows)]
    tie = (lambda i: (numbers[i], -i)) if MUTANT == "tie-rule" else (lambda i: (numbers[i], i))
    order = sorted(range(len(rows)), key=tie)
    good = set(order[: len(rows) // 2])
    return {"dominanceNumbers": numbers, "labels": [1 if i in good else -1 for i in range(len(rows))]}


def kernel_value(model, x, z):
    dot = 0.0
    for a, b in zip(x, z):
        dot = dot + a * b
    if model["kernel"] == "linear":
        return dot
    if model["kernel"] == "poly":
        base = model["gamma"] * dot + model["coef0"]
        result = 1.0
        for _ in range(model["degree"]):
            result = result * base
        return result
    product = 1.0
    for a, b in zip(x, z):
        product = product * math.exp(-model["gamma"] * ((a - b) * (a - b)))
    return product


def svmDecision(args):
    model = args["model"]
    values = []
    for x in args["points"]:
        total = 0.0
        for coefficient, vector in zip(model["dualCoef"], model["supportVectors"]):
            total = total + coefficient * kernel_value(model, vector, x)
        values.append(total + model["intercept"])
    return values


def leafSelection(args):
    choices = list(args.get("tieChoices", []))
    cp = args["cp"]
    node, path = args["tree"], []
    while "good" in node and "bad" in node:
        parent = node["samples"]
        scores = [child["value"] + 2 * cp * math.sqrt(2 * math.log(parent) / child["samples"]) for child in (node["good"], node["bad"])]
        best = max(scores)
        tied = [k for k in (0, 1) if scores[k] == best]
        pick = tied[0] if len(tied) == 1 else tied[(choices.pop(0) if choices else 0) % len(tied)]
        path.append(pick == 0)
        node = node["good"] if pick == 0 else node["bad"]
    return path


def schedule(args):
    # The scripted scheduler lives in its own module (docs/conformance.md, `schedule`).
    from schedule import schedule as replay

    return replay(args, MUTANT)


FUNCTIONS = {f.__name__: f for f in (dominance, ranks, hypervolume, contributions, allocation, carbon, labels, svmDecision, leafSelection, schedule)}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        function = FUNCTIONS.get(request.get("fn"))
        if function is None:
            reply = {"id": request.get("id"), "notImplemented": True}
        else:
            try:
                reply = {"id": request["id"], "result": function(request["args"])}
            except ValueError as error:
                reply = {"id": request["id"], "error": str(error)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
