"""Where repcount keeps user files.

``REPCOUNT_HOME`` overrides everything (tests set it to a temporary directory).

- ``config_dir()``: user profiles (``profiles/*.toml``), the remembered sensor
  (``last_sensor.json``), sink settings (``sinks.toml``, e.g. MQTT credentials).
- ``sessions_dir()``: recorded sessions. A session ``STEM`` is ``STEM.csv`` (the
  recording format, written as it streams) plus ``STEM.events.jsonl`` (the events
  the session emitted, in the JSON Lines contract).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

APP = "repcount"


def _home() -> Path | None:
    h = os.environ.get("REPCOUNT_HOME")
    return Path(h) if h else None


def config_dir() -> Path:
    h = _home()
    p = h / "config" if h else Path(click.get_app_dir(APP))
    return p


def data_dir() -> Path:
    h = _home()
    if h:
        return h / "data"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / APP


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def user_profiles_dir() -> Path:
    return config_dir() / "profiles"
