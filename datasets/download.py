"""``python -m datasets.download [mnist|cifar10]`` (``make datasets``): fetch the full datasets where there is
internet, into datasets/data/. Without a network it fails fast with a clear message."""
from __future__ import annotations

import sys
import tarfile
import urllib.request
from pathlib import Path

from .errors import DatasetError

DATA_DIR = Path(__file__).resolve().parent / "data"
MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
MNIST_FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
               "t10k-labels-idx1-ubyte.gz"]
CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"


def fetch(url: str, dest: Path, timeout: float = 15.0) -> Path:
    """Download ``url`` to ``dest`` (via a .part file, so an interrupted download leaves nothing behind)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except (OSError, ValueError) as exc:
        part.unlink(missing_ok=True)
        raise DatasetError(f"could not download {url} ({exc}). Without internet, copy the files into {dest.parent} "
                           "by hand; the embedded MNIST sample works offline meanwhile.") from None
    part.replace(dest)
    return dest


def download_mnist(base_url: str = MNIST_URL, timeout: float = 15.0):
    for name in MNIST_FILES:
        fetch(base_url + name, DATA_DIR / "mnist" / name, timeout)


def download_cifar10(url: str = CIFAR_URL, timeout: float = 15.0):
    archive = fetch(url, DATA_DIR / "cifar-10-python.tar.gz", timeout)
    with tarfile.open(archive) as tar:
        tar.extractall(DATA_DIR, filter="data")


def main(argv=None) -> int:
    which = (argv if argv is not None else sys.argv[1:]) or ["mnist", "cifar10"]
    try:
        for name in which:
            {"mnist": download_mnist, "cifar10": download_cifar10}[name]()
            print(f"{name}: done")
    except KeyError as exc:
        print(f"unknown dataset {exc}; choose mnist or cifar10", file=sys.stderr)
        return 2
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
