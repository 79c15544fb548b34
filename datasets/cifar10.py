"""CIFAR-10 from the standard Python batches (data_batch_1..5, test_batch), channels-first.

The batches are pickles, the dataset's own format: only files the user downloaded are read, through an unpickler
that refuses everything but the plain containers those files hold. There is no offline default for CIFAR-10.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np

from .errors import DatasetError

DATA_DIR = Path(__file__).resolve().parent / "data" / "cifar-10-batches-py"


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise DatasetError(f"refusing to load {module}.{name} from a CIFAR batch: the real files hold only "
                           "dicts, lists, bytes and numbers")


def _load_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    if not path.exists():
        raise DatasetError(f"{path}: file not found; download CIFAR-10 with `make datasets`")
    try:
        with open(path, "rb") as fh:
            batch = _PlainUnpickler(fh, encoding="bytes").load()
        data, labels = batch[b"data"], batch[b"labels"]
    except DatasetError:
        raise
    except Exception as exc:
        raise DatasetError(f"{path}: not a CIFAR-10 python batch ({type(exc).__name__}); download it again") \
            from None
    data = np.frombuffer(data, dtype=np.uint8) if isinstance(data, bytes) else np.asarray(data, dtype=np.uint8)
    if data.size % 3072 or data.size // 3072 != len(labels):
        raise DatasetError(f"{path}: {data.size} bytes of pixels for {len(labels)} labels: the file is corrupt")
    return data.reshape(-1, 3, 32, 32), np.asarray(labels, dtype=np.int64)


def load_cifar10(path: str | Path | None = None, num_val: int = 1000, dtype=np.float32,
                 subtract_mean: bool = False) -> dict:
    """Load CIFAR-10: X_* of shape (N, 3, 32, 32) scaled to [0, 1], y_* int64; the last ``num_val`` training
    images are the validation set.

    Raises:
        DatasetError: when files are missing or corrupt.
    """
    folder = Path(path) if path else (Path(os.environ["CONVKIT_DATA"]) / "cifar-10-batches-py"
                                      if os.environ.get("CONVKIT_DATA") else DATA_DIR)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: CIFAR-10 is not there; download it with `make datasets` "
                           "(or point CONVKIT_DATA at a folder holding cifar-10-batches-py)")
    parts = [_load_batch(folder / f"data_batch_{i}") for i in range(1, 6)]
    X = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    X_test, y_test = _load_batch(folder / "test_batch")
    scale = lambda a: a.astype(dtype) / 255.0  # noqa: E731
    data = {"X_train": scale(X[:-num_val]), "y_train": y[:-num_val], "X_val": scale(X[-num_val:]),
            "y_val": y[-num_val:], "X_test": scale(X_test), "y_test": y_test, "source": str(folder)}
    if subtract_mean:
        mean = data["X_train"].mean(axis=0, keepdims=True)
        for key in ("X_train", "X_val", "X_test"):
            data[key] = data[key] - mean
    return data
