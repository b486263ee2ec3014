"""Reference numbers for MnistRegressionSampleTest: the lesson's MNIST regression, exactly as
the lesson writes it in numpy, on the MNIST sample bundled with backprop (the first 6000
training and first 1000 test images of MNIST), for a few epochs.

Run: python3 mnist_regression_sample.py /path/to/full/mnist > mnist-regression-sample.json
"""
import json
import sys

import numpy as np

EPOCHS = 20
d = sys.argv[1].rstrip('/') + '/'


def images(f, n):
    return np.frombuffer(open(d + f, 'rb').read()[16:], dtype=np.uint8).reshape(-1, 28, 28)[:n]


def labels(f, n):
    return np.frombuffer(open(d + f, 'rb').read()[8:], dtype=np.uint8).astype(np.int64)[:n]


x_train, y_train = images('train-images-idx3-ubyte', 6000), labels('train-labels-idx1-ubyte', 6000)
x_test, y_test = images('t10k-images-idx3-ubyte', 1000), labels('t10k-labels-idx1-ubyte', 1000)

np.random.seed(7)
idx_rnd = np.random.permutation(np.arange(x_train.shape[0]))
split = int(0.2 * x_train.shape[0])
idx_val, idx_train = idx_rnd[:split], idx_rnd[split:]
x_val, y_val = x_train[idx_val], y_train[idx_val]
x_train, y_train = x_train[idx_train], y_train[idx_train]
n_train, n_val, n_test = x_train.shape[0], x_val.shape[0], x_test.shape[0]
X_train, X_val, X_test = x_train.reshape(n_train, -1), x_val.reshape(n_val, -1), x_test.reshape(n_test, -1)


def normalize(x):
    return (x - np.mean(x, axis=1)[:, None]) / np.std(x, axis=1)[:, None]


X_train, X_val, X_test = normalize(X_train), normalize(X_val), normalize(X_test)
Y_train, Y_val, Y_test = y_train / 10.0, y_val / 10.0, y_test / 10.0
m, h, c = X_train.shape[1], 21, 1


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
    return x.T @ Q_1, np.sum(Q_1, axis=0), h_hat.T @ Q_2


eta = 50
np.random.seed(0)
w_1 = 1 * (np.random.rand(m, h) - 0.5)
w_2 = 1 * (np.random.rand(h, c) - 0.5)
b_1 = 1 * (np.random.rand(h) - 0.5)
train_losses, val_losses = [], []
for epoch in range(EPOCHS):
    Y_pred, g, h_hat, hh = forward(X_train, w_1, b_1, w_2)
    train_losses.append(0.5 * np.mean((Y_pred.squeeze() - Y_train) ** 2))
    grad_w_1, grad_b_1, grad_w_2 = backward(X_train, Y_train, Y_pred, w_2, h_hat)
    w_1 -= eta / n_train * grad_w_1
    b_1 -= eta / n_train * grad_b_1
    w_2 -= eta / n_train * grad_w_2
    Y_pred, _, _, _ = forward(X_val, w_1, b_1, w_2)
    val_losses.append(0.5 * np.mean((Y_pred.squeeze() - Y_val) ** 2))

pred_train = np.around(10 * forward(X_train, w_1, b_1, w_2)[0]).astype(int).squeeze()
Y_pred = forward(X_test, w_1, b_1, w_2)[0]
pred_test = np.around(10 * Y_pred).astype(int).squeeze()
json.dump({
    "epochs": EPOCHS,
    "train_loss": [float(v) for v in train_losses],
    "validation_loss": [float(v) for v in val_losses],
    "test_loss": float(0.5 * np.mean((Y_pred.squeeze() - Y_test) ** 2)),
    "train_accuracy": float((pred_train == y_train).mean()),
    "test_accuracy": float((pred_test == y_test).mean()),
    "test_predicted": [int(v) for v in pred_test],
}, sys.stdout, indent=1)
print()
