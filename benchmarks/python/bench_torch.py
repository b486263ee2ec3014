"""The lesson's workloads in PyTorch the usual way (float64): nn.Sequential, autograd and
optim.SGD. Same data, initial weights, epochs and output lines as bench_numpy.py and
`backprop bench`. Threads: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS, set from
--threads before numpy and torch are imported (as bench_numpy.py does), and
torch.set_num_threads(--threads)."""

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
import torch  # noqa: E402
from torch import nn  # noqa: E402

from lesson_data import lesson_data, lesson_weights, report, time_epochs  # noqa: E402

torch.set_num_threads(args.threads)


def lesson_model(m):
    """784-21-1 sigmoid network with the lesson's initial weights (Linear stores W transposed)."""
    model = nn.Sequential(nn.Linear(m, 21), nn.Sigmoid(), nn.Linear(21, 1, bias=False), nn.Sigmoid()).double()
    w_1, w_2, b_1 = lesson_weights(m)
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(w_1.T.copy()))
        model[0].bias.copy_(torch.from_numpy(b_1))
        model[2].weight.copy_(torch.from_numpy(w_2.T.copy()))
    return model


def half_mse(prediction, target):
    return 0.5 * torch.mean((prediction.squeeze(1) - target) ** 2)


def main():
    X_train, Y_train, X_val, Y_val = (torch.from_numpy(np.ascontiguousarray(a)) for a in lesson_data(args.data_dir))
    n_train = X_train.shape[0]
    eta = 50
    batch_size = 64
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); "
          f"{n_train} training and {X_val.shape[0]} validation rows", flush=True)

    model = lesson_model(X_train.shape[1])
    optimizer = torch.optim.SGD(model.parameters(), lr=eta)

    def full_batch_epoch():
        optimizer.zero_grad()
        loss = half_mse(model(X_train), Y_train)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            loss_val = half_mse(model(X_val), Y_val)
        return loss.item(), loss_val.item()

    report("full-batch", time_epochs(full_batch_epoch, args.warmup, args.epochs))

    model = lesson_model(X_train.shape[1])
    # The lesson's update eta / n_train * (sum over the batch) is this rate on the mean loss.
    optimizer = torch.optim.SGD(model.parameters(), lr=eta * batch_size / n_train)
    number_batches = int(n_train / batch_size)

    def mini_batch_epoch():
        for _ in range(number_batches):
            idx_batch = torch.from_numpy(np.random.randint(0, n_train, batch_size))
            optimizer.zero_grad()
            loss = half_mse(model(X_train[idx_batch]), Y_train[idx_batch])
            loss.backward()
            optimizer.step()
        return loss.item()

    report("mini-batch", time_epochs(mini_batch_epoch, args.warmup, args.epochs))


main()
