"""The unit of data that flows from sources (BLE decoders, file importers) to the engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SampleBlock:
    """A block of timestamped samples.

    ``t`` is seconds (float64, monotonically non-decreasing, from the recording's first
    sample); ``acc`` is an (N, 3) array of specific force in g, gravity included, in the
    sensor frame; ``gyro`` is an optional (N, 3) array in deg/s.
    """

    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray | None = None

    def __post_init__(self) -> None:
        t = np.asarray(self.t, dtype=np.float64).reshape(-1)
        acc = np.asarray(self.acc, dtype=np.float64).reshape(-1, 3)
        if len(t) != len(acc):
            raise ValueError(f"t has {len(t)} samples but acc has {len(acc)}")
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "acc", acc)
        if self.gyro is not None:
            gyro = np.asarray(self.gyro, dtype=np.float64).reshape(-1, 3)
            if len(gyro) != len(t):
                raise ValueError(f"t has {len(t)} samples but gyro has {len(gyro)}")
            object.__setattr__(self, "gyro", gyro)

    def __len__(self) -> int:
        return len(self.t)

    def slice(self, start: int, stop: int) -> "SampleBlock":
        return SampleBlock(
            self.t[start:stop],
            self.acc[start:stop],
            None if self.gyro is None else self.gyro[start:stop],
        )


def chunks(block: SampleBlock, size: int):
    """Yield consecutive sub-blocks of at most ``size`` samples."""
    for i in range(0, len(block), size):
        yield block.slice(i, i + size)
