"""MNIST prepared exactly as the lesson (section 3 of "NN from scratch") does, and the timing helpers
shared by bench_numpy.py and bench_torch.py. Reads the four IDX files, raw or gzipped, from a folder."""

import gzip
import os
import statistics
import sys
import time

import numpy as np

FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def read_idx(path):
    """An IDX file (uint8 data) as a numpy array of its shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        sys.exit(f"{path}: not an IDX file of unsigned bytes (magic {raw[:4].hex()})")
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    sys.exit(f"{directory}: no {name} (or {name}.gz): full MNIST is needed")


def lesson_data(directory):
    """X_train, Y_train, X_val, Y_val as the lesson makes them (float64)."""
    x_train = read_idx(find(directory, FILES["x_train"]))
    y_train = read_idx(find(directory, FILES["y_train"]))
    np.random.seed(7)
    idx_rnd = np.random.permutation(np.arange(x_train.shape[0]))
    split = int(0.2 * x_train.shape[0])
    idx_val, idx_train = idx_rnd[:split], idx_rnd[split:]
    x_val, y_val = x_train[idx_val], y_train[idx_val]
    x_train, y_train = x_train[idx_train], y_train[idx_train]

    def normalize(x):
        return (x - np.mean(x, axis=1)[:, None]) / np.std(x, axis=1)[:, None]

    X_train = normalize(x_train.reshape(x_train.shape[0], -1))
    X_val = normalize(x_val.reshape(x_val.shape[0], -1))
    return X_train, y_train / 10.0, X_val, y_val / 10.0


def lesson_weights(m, h=21, c=1):
    """The lesson's initial weights: np.random.seed(0); w_1, w_2, b_1 from rand - 0.5."""
    np.random.seed(0)
    w_1 = 1 * (np.random.rand(m, h) - 0.5)
    w_2 = 1 * (np.random.rand(h, c) - 0.5)
    b_1 = 1 * (np.random.rand(h) - 0.5)
    return w_1, w_2, b_1


def time_epochs(epoch, warmup, epochs):
    """Runs warmup + epochs calls of epoch(); the timed ones' durations in ms."""
    for _ in range(warmup):
        epoch()
    millis = []
    for _ in range(epochs):
        start = time.perf_counter()
        epoch()
        millis.append((time.perf_counter() - start) * 1e3)
    return millis


def report(workload, millis):
    """The line bench prints: '<workload>: <median> ms/epoch (min, max over n epochs)'."""
    print(f"{workload}: {statistics.median(millis):.1f} ms/epoch "
          f"(min {min(millis):.1f}, max {max(millis):.1f} over {len(millis)} epochs)", flush=True)


def blas_in_use():
    """The BLAS library numpy loaded, from this process's memory map (numpy.show_config only
    tells what numpy was built against, not which libblas.so.3 the system alternative picks)."""
    np.dot(np.ones((64, 64)), np.ones((64, 64)))
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path).lower():
                paths.add(os.path.realpath(path))
    if not paths:
        return "unknown (no BLAS library mapped)"
    openblas = sorted(p for p in paths if "openblas" in p)
    if openblas:
        # libblas.so.3 of the openblas-pthread alternative is a shim over libopenblas*.so: name the real one.
        return "OpenBLAS (" + max(openblas, key=lambda p: "libopenblas" in os.path.basename(p)) + ")"
    reference = sorted(p for p in paths if "/blas/" in p)
    if reference:
        return f"the reference BLAS, slow ({reference[0]}): apt-get install libopenblas0-pthread"
    return ", ".join(sorted(paths))
