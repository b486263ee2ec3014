"""The lesson's loops in numpy (float64), written from its maths (section 3 of "NN from scratch"):
the full-batch epoch (forward, loss, backward, update on the training rows, then forward and loss
on the validation rows) and the mini-batch epoch (int(n / 64) steps on randint(0, n, 64) rows).
Prints the same lines as `backprop bench`. Threads: OPENBLAS_NUM_THREADS, set from --threads
before numpy is imported."""

import argparse
import os

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("data_dir")
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--warmup", type=int, default=20)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread settings)

from lesson_data import blas_in_use, lesson_data, lesson_weights, report, time_epochs  # noqa: E402


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def forward(x, w_1, b_1, w_2):
    h = x @ w_1 + b_1
    h_hat = sigmoid(h)
    g = h_hat @ w_2
    return sigmoid(g), g, h_hat, h


def backward(x, y, y_pred, w_2, h_hat):
    Q_2 = (y_pred - y[:, None]) * y_pred * (1 - y_pred)
    Q_1 = Q_2 @ w_2.T * h_hat * (1 - h_hat)
    grad_w_1 = x.T @ Q_1
    grad_b_1 = np.sum(Q_1, axis=0)
    grad_w_2 = h_hat.T @ Q_2
    return grad_w_1, grad_b_1, grad_w_2


def main():
    X_train, Y_train, X_val, Y_val = lesson_data(args.data_dir)
    n_train = X_train.shape[0]
    eta = 50
    batch_size = 64
    print(f"numpy {np.__version__}, {args.threads} thread(s), BLAS: {blas_in_use()}; "
          f"{n_train} training and {X_val.shape[0]} validation rows", flush=True)

    w_1, w_2, b_1 = lesson_weights(X_train.shape[1])

    def full_batch_epoch():
        nonlocal w_1, b_1, w_2
        Y_pred, g, h_hat, h = forward(X_train, w_1, b_1, w_2)
        loss_train = 0.5 * np.mean((Y_pred.squeeze() - Y_train) ** 2)
        grad_w_1, grad_b_1, grad_w_2 = backward(X_train, Y_train, Y_pred, w_2, h_hat)
        w_1 -= eta / n_train * grad_w_1
        b_1 -= eta / n_train * grad_b_1
        w_2 -= eta / n_train * grad_w_2
        Y_pred, _, _, _ = forward(X_val, w_1, b_1, w_2)
        loss_val = 0.5 * np.mean((Y_pred.squeeze() - Y_val) ** 2)
        return loss_train, loss_val

    report("full-batch", time_epochs(full_batch_epoch, args.warmup, args.epochs))

    w_1, w_2, b_1 = lesson_weights(X_train.shape[1])
    number_batches = int(n_train / batch_size)

    def mini_batch_epoch():
        nonlocal w_1, b_1, w_2
        for _ in range(number_batches):
            idx_batch = np.random.randint(0, n_train, batch_size)
            X_batch = X_train[idx_batch]
            Y_batch = Y_train[idx_batch]
            Y_pred, g, h_hat, h = forward(X_batch, w_1, b_1, w_2)
            loss_train = 0.5 * np.mean((Y_pred.squeeze() - Y_batch) ** 2)
            grad_w_1, grad_b_1, grad_w_2 = backward(X_batch, Y_batch, Y_pred, w_2, h_hat)
            w_1 -= eta / n_train * grad_w_1
            b_1 -= eta / n_train * grad_b_1
            w_2 -= eta / n_train * grad_w_2
        return loss_train

    report("mini-batch", time_epochs(mini_batch_epoch, args.warmup, args.epochs))


main()
