"""convkit's grader: trusted grading of untrusted student code.

The public API is ``grader.api`` (grade, check, ...); ``python -m grader`` is a thin CLI over it.
"""
__version__ = "0.1.0"
