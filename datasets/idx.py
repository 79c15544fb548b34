"""Reader and writer of the IDX format of the MNIST files (gzip-compressed or raw)."""
from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

from .errors import DatasetError

_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file into an array.

    Raises:
        DatasetError: on a missing file, a bad magic number, or a size that does not match the header.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: file not found")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        raise DatasetError(f"{path}: cannot be read ({exc}); download it again (make datasets)") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _DTYPES:
        raise DatasetError(f"{path}: not an IDX file (bad magic number); is it an MNIST file?")
    dtype, ndim = np.dtype(_DTYPES[data[2]]), data[3]
    if len(data) < 4 + 4 * ndim:
        raise DatasetError(f"{path}: truncated header")
    dims = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    expected = int(np.prod(dims)) * dtype.itemsize
    body = data[4 + 4 * ndim:]
    if len(body) != expected:
        raise DatasetError(f"{path}: holds {len(body)} bytes of data, the header promises {expected} "
                           f"(shape {dims}); the file is truncated or corrupt: download it again")
    return np.frombuffer(body, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="))


def write_idx(path: str | Path, array: np.ndarray):
    """Write an array as an IDX file (gzip when the name ends in .gz)."""
    array = np.asarray(array)
    code = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09}.get(array.dtype)
    if code is None:
        raise ValueError("only uint8 and int8 arrays are written")
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as fh:
        fh.write(header + array.tobytes())
