"""Write a simulated case to disk: ``NAME.csv`` (repcount's recording format) and
``NAME.truth.json`` beside it."""

from __future__ import annotations

from pathlib import Path

from ..recording import Recording, write_recording
from .truth import Truth, save_truth, truth_path_for


def write_case(directory: str | Path, name: str, rec: Recording, truth: Truth) -> Path:
    """Write ``directory/name.csv`` and ``directory/name.truth.json``; return the csv path."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"{name}.csv"
    write_recording(str(path), rec)
    save_truth(truth_path_for(path), truth)
    return path
