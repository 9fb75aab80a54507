"""Settings for network sinks: ``sinks.toml`` in the config dir, overridden by the environment.

Credentials never come from the command line, where ``ps`` would show them.

.. code-block:: toml

    # ~/.config/repcount/sinks.toml   (see `repcount.config.config_dir()`)
    [mqtt]
    username = "lifter"
    password = "..."
    ca = "/etc/ssl/certs/my-ca.pem"   # enables TLS
    discovery_prefix = "homeassistant"

    [webhook]
    token = "..."          # sent as "Authorization: Bearer <token>"
    timeout_s = 2
    retries = 3

Every key can be set as ``REPCOUNT_<SECTION>_<KEY>`` (``REPCOUNT_MQTT_PASSWORD``), which
wins over the file.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ..config import config_dir
from ..errors import InputFileError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TRUE = {"1", "true", "yes", "on"}


def sinks_toml():
    return config_dir() / "sinks.toml"


def sink_settings(section: str) -> dict[str, Any]:
    """The ``[section]`` table of sinks.toml with ``REPCOUNT_<SECTION>_*`` env overrides.

    Environment values are strings; use :func:`as_bool` / ``float()`` to read them.
    """
    out: dict[str, Any] = {}
    path = sinks_toml()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputFileError(str(path), f"not valid TOML: {exc}") from None
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise InputFileError(str(path), f"[{section}] must be a table")
        out.update(table)
    env_prefix = f"REPCOUNT_{section.upper()}_"
    for key, value in os.environ.items():
        if key.startswith(env_prefix) and value != "":
            out[key[len(env_prefix):].lower()] = value
    return out


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in TRUE
    return bool(value)


def warn(message: str) -> None:
    """A warning line on stderr (network sinks call this once per problem)."""
    print(f"repcount: warning: {message}", file=sys.stderr, flush=True)
