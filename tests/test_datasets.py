"""Dataset loaders on tiny files written in the real formats, their errors, and the embedded default."""
import gzip
import pickle

import numpy as np
import pytest

from datasets.cifar10 import load_cifar10
from datasets.download import fetch, main as download_main
from datasets.errors import DatasetError
from datasets.idx import read_idx, write_idx
from datasets.images import load_sample_image
from datasets.mnist import load_mnist


def write_mnist(folder, n_train=12, n_test=4, gz=True):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    ext = ".gz" if gz else ""
    write_idx(folder / f"train-images-idx3-ubyte{ext}", rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8))
    write_idx(folder / f"train-labels-idx1-ubyte{ext}", rng.integers(0, 10, n_train, dtype=np.uint8))
    write_idx(folder / f"t10k-images-idx3-ubyte{ext}", rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8))
    write_idx(folder / f"t10k-labels-idx1-ubyte{ext}", rng.integers(0, 10, n_test, dtype=np.uint8))


@pytest.mark.parametrize("gz", [True, False])
def test_real_mnist_idx_files_load_channels_first(tmp_path, gz):
    """Are IDX files (gzip or raw) read into (N, 1, 28, 28) floats in [0, 1] with train/val/test splits?"""
    write_mnist(tmp_path / "mnist", gz=gz)
    data = load_mnist(tmp_path / "mnist", num_val=2)
    assert data["X_train"].shape == (10, 1, 28, 28) and data["X_val"].shape == (2, 1, 28, 28)
    assert data["X_test"].shape == (4, 1, 28, 28) and data["y_test"].dtype == np.int64
    assert 0 <= data["X_train"].min() and data["X_train"].max() <= 1
    raw = read_idx(tmp_path / "mnist" / ("train-images-idx3-ubyte" + (".gz" if gz else "")))
    np.testing.assert_allclose(data["X_train"][:, 0], raw[:10] / 255.0, rtol=1e-6)


def test_truncated_and_foreign_files_give_clear_errors(tmp_path):
    """Does a truncated or non-IDX file raise a DatasetError that names the file and what to do?"""
    write_mnist(tmp_path / "mnist", gz=False)
    path = tmp_path / "mnist" / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(DatasetError, match="truncated or corrupt"):
        load_mnist(tmp_path / "mnist")
    path.write_bytes(b"PNG not idx")
    with pytest.raises(DatasetError, match="bad magic number"):
        load_mnist(tmp_path / "mnist")
    (tmp_path / "mnist" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(DatasetError, match="missing|magic"):
        load_mnist(tmp_path / "mnist")
    with pytest.raises(DatasetError, match="no MNIST IDX files"):
        load_mnist(tmp_path / "nowhere")


def test_embedded_default_is_real_mnist_split_deterministically(monkeypatch, tmp_path):
    """Does the offline default give 4000/500/500 real digits, all labels, disjoint and reproducible splits?"""
    monkeypatch.setenv("CONVKIT_DATA", str(tmp_path))  # no downloaded files here
    a, b = load_mnist(), load_mnist()
    assert "embedded" in a["source"]
    assert [len(a[k]) for k in ("X_train", "X_val", "X_test")] == [4000, 500, 500]
    assert set(np.unique(a["y_val"])) == set(range(10))
    np.testing.assert_array_equal(a["X_val"], b["X_val"])
    train = {x.tobytes() for x in a["X_train"][:, 0]}
    assert not any(x.tobytes() in train for x in a["X_test"][:, 0])


def write_cifar(folder, per_batch=3):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        batch = {b"data": rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8).tobytes(),
                 b"labels": rng.integers(0, 10, per_batch).tolist()}
        with open(folder / name, "wb") as fh:
            pickle.dump(batch, fh)


def test_cifar10_batches_load_and_hostile_pickles_are_refused(tmp_path):
    """Are CIFAR-10 python batches read channels-first, and is a pickle holding code refused?"""
    write_cifar(tmp_path / "c")
    data = load_cifar10(tmp_path / "c", num_val=3)
    assert data["X_train"].shape == (12, 3, 32, 32) and data["X_test"].shape == (3, 3, 32, 32)
    with open(tmp_path / "c" / "test_batch", "wb") as fh:
        pickle.dump({b"data": np.zeros(3), b"labels": []}, fh)  # needs numpy's reconstructor: refused
    with pytest.raises(DatasetError, match="refusing"):
        load_cifar10(tmp_path / "c")
    with pytest.raises(DatasetError, match="make datasets"):
        load_cifar10(tmp_path / "absent")


def test_download_fails_fast_and_clearly_without_network(tmp_path, capsys):
    """Does a download from an unreachable address fail with a clear message and leave no partial file?"""
    with pytest.raises(DatasetError, match="could not download"):
        fetch("http://127.0.0.1:9/none.gz", tmp_path / "none.gz", timeout=2)
    assert not list(tmp_path.iterdir())
    assert download_main(["nonsense"]) == 2


def test_sample_photograph_loads():
    """Does matplotlib's sample photograph load as (3, H, W) and (1, H, W) floats in [0, 1]?"""
    rgb = load_sample_image(size=64)
    gray = load_sample_image(size=64, gray=True)
    assert rgb.shape[0] == 3 and max(rgb.shape[1:]) == 64 and gray.shape[0] == 1
    assert 0 <= rgb.min() and rgb.max() <= 1 and rgb.std() > 0.1


def test_training_runs_through_the_solver():
    """Does a tiny training run go through the Solver with augmentation and report accuracies in [0, 1]?"""
    from grader.instructor.train import train
    data = load_mnist()
    small = {k: (v[:200] if hasattr(v, "shape") else v) for k, v in data.items()}
    solver, val, test, seconds = train(epochs=1, time_limit=20, verbose=False, data=small)
    assert 0 <= val <= 1 and len(solver.loss_history) == 4


@pytest.mark.slow
def test_lenet_reaches_97_percent_on_the_embedded_mnist():
    """Does make train's LeNet-5 recipe (its epochs, its seed) reach 97% validation accuracy? The recipe's
    wall-clock cap is lifted here, so that a busy machine cannot stop the training early: the time is `make
    train`'s figure, never a timed assertion."""
    from grader.instructor.train import train
    _, val, test, seconds = train(verbose=False, time_limit=float("inf"))
    assert val >= 0.97


def test_the_package_exports_what_the_readme_says():
    """Does `from datasets import load_mnist, load_cifar10, load_sample_image` give the loaders themselves?"""
    import datasets
    from datasets.mnist import load_mnist as direct
    assert datasets.load_mnist is direct
    assert {"load_mnist", "load_cifar10", "load_sample_image", "DatasetError"} <= set(datasets.__all__)
