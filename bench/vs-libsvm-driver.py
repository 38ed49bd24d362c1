"""Timing driver for `npm run bench -- vs-libsvm`: reads the training sets written by
bench/vs-libsvm.bench.ts and trains LaMOO's reference classifier on each with scikit-learn,
as the LaMOO authors' code does: SVC(kernel='poly', degree=4, gamma='scale', C=1, tol=1e-3).

  python3 vs-libsvm-driver.py FILE ROUNDS

Prints two lines per round, the milliseconds of all trainings through SVC.fit and through
libsvm's own entry point (sklearn.svm._libsvm.fit, without scikit-learn's input checks), then
each set's libsvm iterations (n_iter_) on one line and the sum of every set's decision values on its
own rows, which the bench compares with ce-nas's.
"""

import sys
import time

import numpy as np
from sklearn.svm import SVC, _libsvm


def read_sets(path):
    with open(path) as handle:
        lines = handle.read().split("\n")
    count = int(lines[0])
    sets = []
    for k in range(count):
        n, dim = (int(v) for v in lines[1 + 3 * k].split())
        labels = np.array([float(v) for v in lines[2 + 3 * k].split()], dtype=np.float64)
        features = np.array([float(v) for v in lines[3 + 3 * k].split()], dtype=np.float64).reshape(n, dim)
        sets.append((features, labels))
    return sets


def model(features, labels):
    return SVC(kernel="poly", degree=4, gamma="scale", coef0=0.0, C=1.0, tol=1e-3).fit(features, labels)


def main():
    path, rounds = sys.argv[1], int(sys.argv[2])
    sets = read_sets(path)
    # gamma='scale' as scikit-learn resolves it, for the direct libsvm calls.
    gammas = [1.0 / (features.shape[1] * features.var()) for features, _ in sets]
    for _ in range(rounds):
        start = time.perf_counter()
        for features, labels in sets:
            model(features, labels)
        fit_ms = (time.perf_counter() - start) * 1e3
        start = time.perf_counter()
        for (features, labels), gamma in zip(sets, gammas):
            _libsvm.fit(features, labels, svm_type=0, kernel="poly", degree=4, gamma=gamma, coef0=0.0, tol=1e-3, C=1.0, cache_size=200.0)
        libsvm_ms = (time.perf_counter() - start) * 1e3
        print(f"{fit_ms:.3f} {libsvm_ms:.3f}", flush=True)
    iterations = []
    digest = 0.0
    for features, labels in sets:
        fitted = model(features, labels)
        iterations.append(str(int(np.sum(fitted.n_iter_))))
        digest += float(np.sum(fitted.decision_function(features)))
    print(" ".join(iterations))
    print(repr(digest))


if __name__ == "__main__":
    main()
