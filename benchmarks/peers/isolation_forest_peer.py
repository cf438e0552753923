#!/usr/bin/python3
"""scikit-learn's IsolationForest as a benchmark peer, driven over stdin by AnomalyIsolationForestBenchmarks.

Usage: isolation_forest_peer.py TRAIN.csv TEST.csv [SEED]
  Both files are comma-separated without a header; TEST.csv may end with a 0/1 label column (one more column than
  TRAIN.csv). The data is loaded once; then each line on stdin is a command and gets one line back:
    fit        fit a forest (100 trees, max_samples=256, n_jobs=1) on TRAIN     -> "ok <seconds>"
    score      score_samples of TEST with the last fitted forest                -> "ok <seconds>"
    fitscore   both, timed together                                             -> "ok <seconds>"
    auc N      the mean ROC-AUC of -score_samples of TEST against its labels over N forests fitted on TRAIN with
               random_state SEED .. SEED+N-1 (one forest's AUC moves with its seed by more than 0.01) -> "ok <auc>"
    quit       exit
Timing is time.perf_counter() around the call only, so interpreter start-up and data loading are not counted.
Run with one thread: the driver sets OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS to 1.
"""
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def make_forest(seed):
    return IsolationForest(n_estimators=100, max_samples=256, n_jobs=1, random_state=seed)


def main():
    train = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
    test = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    labels = None
    if test.shape[1] == train.shape[1] + 1:
        labels, test = test[:, -1], test[:, :-1]
    forest = None
    print(f"ready {train.shape[0]} {test.shape[0]} {train.shape[1]}", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "quit":
            break
        if command == "auc":
            aucs = [roc_auc_score(labels, -make_forest(seed + i).fit(train).score_samples(test)) for i in range(int(argument))]
            print(f"ok {np.mean(aucs):.6f}", flush=True)
            continue
        start = time.perf_counter()
        if command in ("fit", "fitscore"):
            forest = make_forest(seed).fit(train)
        if command in ("score", "fitscore"):
            forest.score_samples(test)
        elapsed = time.perf_counter() - start
        if command in ("fit", "score", "fitscore"):
            print(f"ok {elapsed:.6f}", flush=True)
        else:
            print(f"error unknown command {command!r}", flush=True)


if __name__ == "__main__":
    main()
