"""The counting engine: pure, streaming, causal. See docs/algorithm.md."""

from .core import Engine

__all__ = ["Engine"]
