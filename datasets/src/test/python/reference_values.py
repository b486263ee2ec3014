"""Reference values for the datasets tests, computed with numpy as the lesson does.

Run from the repository root:
    python3 datasets/src/test/python/reference_values.py [mnist_dir]
mnist_dir defaults to $BACKPROP_DATA or ~/.cache/backprop/mnist (the four raw IDX files).
The printed values are pasted into MnistSampleTest and FullMnistTest. Computed with numpy 2.4.6;
the legacy RandomState and the float64 pairwise sums behind np.mean/np.std are stable across
numpy versions.
"""
import gzip
import hashlib
import os
import sys

import numpy as np

SAMPLE = "datasets/src/main/resources/dev/backprop/datasets/mnist-sample"


def idx(raw):
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def normalize(x):  # the lesson's
    return (x - np.mean(x, axis=1)[:, None]) / np.std(x, axis=1)[:, None]


def digest(a):
    """SHA-256 of the float64 values, little-endian, row-major."""
    return hashlib.sha256(np.ascontiguousarray(a, dtype="<f8").tobytes()).hexdigest()


def report(name, x):
    n = normalize(x.reshape(x.shape[0], -1))
    print(f"{name}: rows {n.shape[0]}, sha256(normalize) {digest(n)}")
    print(f"  [0, 350] = {float(n[0, 350]).hex()}  [{n.shape[0] - 1}, 783] = {float(n[-1, 783]).hex()}")


def main():
    mnist = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "BACKPROP_DATA", os.path.expanduser("~/.cache/backprop/mnist"))

    x = idx(gzip.open(f"{SAMPLE}/train-images-idx3-ubyte.gz").read())
    y = idx(gzip.open(f"{SAMPLE}/train-labels-idx1-ubyte.gz").read())
    yt = idx(gzip.open(f"{SAMPLE}/t10k-labels-idx1-ubyte.gz").read())
    print("sample train label counts", np.bincount(y, minlength=10).tolist())
    print("sample test label counts", np.bincount(yt, minlength=10).tolist())
    report("sample train", x)
    print("sample train mean/std", float(x.mean()).hex(), float(x.std()).hex())

    x_train = idx(open(f"{mnist}/train-images-idx3-ubyte", "rb").read())
    y_train = idx(open(f"{mnist}/train-labels-idx1-ubyte", "rb").read())
    x_test = idx(open(f"{mnist}/t10k-images-idx3-ubyte", "rb").read())
    print("train label counts", np.bincount(y_train, minlength=10).tolist())
    # the lesson's split
    np.random.seed(7)
    idx_rnd = np.random.permutation(np.arange(x_train.shape[0]))
    split = int(0.2 * x_train.shape[0])
    idx_val, idx_train = idx_rnd[:split], idx_rnd[split:]
    print("split", len(idx_train), len(idx_val))
    report("lesson X_train", x_train[idx_train])
    report("lesson X_val", x_train[idx_val])
    report("lesson X_test", x_test)
    print("Y_train sum", float((y_train[idx_train] / 10.0).sum()))


if __name__ == "__main__":
    main()
