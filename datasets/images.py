"""A real photograph that works offline: the sample image shipped inside matplotlib."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import DatasetError

SAMPLES = {"grace_hopper": "grace_hopper.jpg"}


def load_sample_image(name: str = "grace_hopper", size: int | None = None, gray: bool = False) -> np.ndarray:
    """The photograph as floats in [0, 1], channels-first: (3, H, W), or (1, H, W) with gray.

    Args:
        name: A sample shipped with matplotlib (``grace_hopper``).
        size: Resize so that the longer side has this many pixels.
        gray: Convert to one luminance channel.
    """
    import matplotlib
    from PIL import Image
    if name not in SAMPLES:
        raise DatasetError(f"unknown sample image {name!r}; choose from {sorted(SAMPLES)}")
    path = Path(matplotlib.get_data_path()) / "sample_data" / SAMPLES[name]
    if not path.exists():
        raise DatasetError(f"{path}: matplotlib's sample data is missing")
    image = Image.open(path).convert("L" if gray else "RGB")
    if size:
        scale = size / max(image.size)
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    array = np.asarray(image, dtype=np.float64) / 255.0
    return array[None] if gray else array.transpose(2, 0, 1)
