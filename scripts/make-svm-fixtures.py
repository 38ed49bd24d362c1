#!/usr/bin/python3
"""Generates test/fixtures/svm-sklearn.json: scikit-learn SVC results that the TypeScript
C-SVC trainer is checked against (test/svm-train.test.ts). Re-runnable and deterministic:

    apt-get install -y python3-sklearn && /usr/bin/python3 scripts/make-svm-fixtures.py

Each case trains SVC on NAS-Bench-201 style encodings ((k + 0.5) / 5 per edge, 6 edges)
with labels from a seeded rule, and records gamma as resolved, support indices, dual
coefficients, the intercept, and decision values and predictions on held-out points.
Shrinking is off and the tolerance tight, so that both solvers reach the optimum.

The path cases train at LaMOO's own settings (tolerance 1e-3, shrinking on), where the
solution depends on the SMO's path, and record libsvm's iteration count (n_iter_): a trainer
that takes libsvm's path matches it exactly."""

import json
import os

import numpy as np
import sklearn
from sklearn.svm import SVC

TOLERANCE = 1e-9
rng = np.random.default_rng(20261128)


def encodings(n):
    ops = rng.integers(0, 5, size=(n, 6))
    return (ops + 0.5) / 5


def labels(x, rule):
    if rule == "linear":
        w = rng.normal(size=6)
        score = x @ w
    elif rule == "quadratic":
        score = ((x - 0.5) ** 2).sum(axis=1) - rng.uniform(0.3, 0.6)
    else:  # noisy rank split, as LaMOO's good/bad halves
        score = rng.normal(size=len(x)) + x[:, 0] - x[:, 3]
    y = np.where(score > np.median(score), 1, -1)
    y[0], y[1] = 1, -1  # both classes
    return y


CASES = [
    ("reference poly4 scale", dict(kernel="poly", degree=4, gamma="scale", coef0=0.0, C=1.0), 60, "noisy"),
    ("poly4 scale n=150", dict(kernel="poly", degree=4, gamma="scale", coef0=0.0, C=1.0), 150, "noisy"),
    ("poly2 gamma0.5 coef1 C10", dict(kernel="poly", degree=2, gamma=0.5, coef0=1.0, C=10.0), 80, "quadratic"),
    ("poly3 coef0.5", dict(kernel="poly", degree=3, gamma="scale", coef0=0.5, C=1.0), 40, "linear"),
    ("rbf scale", dict(kernel="rbf", gamma="scale", C=1.0), 60, "noisy"),
    ("rbf gamma2 C10", dict(kernel="rbf", gamma=2.0, C=10.0), 120, "quadratic"),
    ("rbf scale n=20", dict(kernel="rbf", gamma="scale", C=1.0), 20, "linear"),
    ("linear C1", dict(kernel="linear", C=1.0), 60, "linear"),
    ("linear C0.1 noisy", dict(kernel="linear", C=0.1), 100, "noisy"),
]

cases = []
for name, params, n, rule in CASES:
    x = encodings(n)
    y = labels(x, rule)
    test = encodings(200)
    model = SVC(tol=TOLERANCE, shrinking=False, **params).fit(x, y)
    cases.append(
        {
            "name": name,
            "kernel": params["kernel"],
            "gammaOption": params.get("gamma", "scale"),
            "gamma": float(model._gamma),
            "degree": int(params.get("degree", 3)),
            "coef0": float(params.get("coef0", 0.0)),
            "c": float(params["C"]),
            "tolerance": TOLERANCE,
            "x": x.ravel().tolist(),
            "n": n,
            "dim": 6,
            "y": y.tolist(),
            "test": test.ravel().tolist(),
            "support": sorted(int(i) for i in model.support_),
            "intercept": float(model.intercept_[0]),
            "decision": model.decision_function(test).tolist(),
            "trainingDecision": model.decision_function(x).tolist(),
            "predicted": model.predict(test).tolist(),
        }
    )

PATH_CASES = [
    ("path: poly4 scale n=60", 60, "noisy"),
    ("path: poly4 scale n=150", 150, "noisy"),
    ("path: poly4 scale n=300", 300, "noisy"),
    ("path: poly4 scale n=120, quadratic", 120, "quadratic"),
]
path_cases = []
for name, n, rule in PATH_CASES:
    x = encodings(n)
    y = labels(x, rule)
    y[0] = -y[0]  # the first row's class varies: the order libsvm trains in depends on it
    test = encodings(200)
    model = SVC(kernel="poly", degree=4, gamma="scale", coef0=0.0, C=1.0, tol=1e-3).fit(x, y)
    path_cases.append(
        {
            "name": name,
            "gamma": float(model._gamma),
            "x": x.ravel().tolist(),
            "n": n,
            "dim": 6,
            "y": y.tolist(),
            "test": test.ravel().tolist(),
            "iterations": int(model.n_iter_[0]),
            "support": [int(i) for i in model.support_],
            "intercept": float(model.intercept_[0]),
            "decision": model.decision_function(test).tolist(),
        }
    )

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "svm-sklearn.json")
with open(out, "w") as f:
    json.dump({"generator": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}", "cases": cases, "pathCases": path_cases}, f, indent=1)
    f.write("\n")
print(f"wrote {len(cases)} cases and {len(path_cases)} path cases to {os.path.normpath(out)}")
