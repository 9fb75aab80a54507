"""Importers: detect a file's format by content and load it as a Recording.

PLACEHOLDER: implemented by the recording/importers work.
"""

from __future__ import annotations

from ..errors import InputFileError
from ..recording import Recording


def load(path: str) -> Recording:
    raise InputFileError(path, "no importer yet")
