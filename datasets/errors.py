"""The one error the loaders raise: it says which file, what is wrong, and what to do."""


class DatasetError(Exception):
    """A dataset file is missing, truncated or not in the expected format."""
