"""``make train``: LeNet-5 on the embedded MNIST (or the real one, when downloaded) with the Solver and the fast
layers; ends by printing the validation accuracy and the time taken, then the test accuracy.

    python -m datasets.train_lenet [--target solutions|assignment] [--epochs N] [--seed S] [--time-limit SECONDS]
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time

import numpy as np

from .errors import DatasetError
from .mnist import load_mnist


def random_shifts(max_shift: int = 2, seed: int = 0):
    """Augmentation: shift each image by up to ``max_shift`` pixels in each direction (zeros come in)."""
    rng = np.random.default_rng(seed)

    def augment(X):
        N, _, H, W = X.shape
        padded = np.pad(X, ((0, 0), (0, 0), (max_shift, max_shift), (max_shift, max_shift)))
        dy, dx = rng.integers(0, 2 * max_shift + 1, size=(2, N))
        rows = dy[:, None] + np.arange(H)[None, :]
        cols = dx[:, None] + np.arange(W)[None, :]
        return padded[np.arange(N)[:, None, None, None], np.arange(X.shape[1])[None, :, None, None],
                      rows[:, None, :, None], cols[:, None, None, :]]
    return augment


def train(target: str = "solutions", epochs: int = 12, seed: int = 0, time_limit: float | None = 110.0,
          batch_size: int = 50, learning_rate: float = 2e-3, verbose: bool = True, data=None):
    """Train LeNet-5 and return (solver, validation accuracy, test accuracy, seconds)."""
    cnn = importlib.import_module(f"{target}.classifiers.cnn")
    solver_module = importlib.import_module(f"{target}.solver")
    np.random.seed(seed)
    data = data or load_mnist(seed=seed)
    if verbose:
        print(f"data: {data['source']}: {len(data['X_train'])} train, {len(data['X_val'])} val, "
              f"{len(data['X_test'])} test")
    model = cnn.LeNet5(input_dim=data["X_train"].shape[1:], num_classes=10, reg=1e-4, dtype=np.float32)
    start = time.monotonic()
    solver = solver_module.Solver(model, data, update_rule="adam", optim_config={"learning_rate": learning_rate},
                                  lr_decay=0.8, batch_size=batch_size, num_epochs=epochs, print_every=50,
                                  verbose=verbose, augment=random_shifts(seed=seed), time_limit=time_limit,
                                  num_train_samples=1000)
    solver.train()
    seconds = time.monotonic() - start
    val = solver.check_accuracy(data["X_val"], data["y_val"])
    test = solver.check_accuracy(data["X_test"], data["y_test"])
    return solver, val, test, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m datasets.train_lenet", description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["solutions", "assignment"], default="solutions")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=110.0)
    args = parser.parse_args(argv)
    try:
        _, val, test, seconds = train(args.target, args.epochs, args.seed, args.time_limit)
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"validation accuracy: {100 * val:.1f}%")
    print(f"time: {seconds:.0f} s")
    print(f"test accuracy: {100 * test:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
