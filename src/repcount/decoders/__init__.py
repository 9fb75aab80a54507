"""Byte-exact decoders (notification bytes -> samples in g) and encoders for every sensor.

Public API::

    from repcount.decoders import make_decoder, DecodeError
    dec = make_decoder(load_profile("polar-h10"), rate_hz=200, range_g=8)
    t, acc, gyro = dec.decode(notification_bytes, host_t)   # acc (N,3) g, gyro (N,3) deg/s or None
    dec.on_control(cp_indication_bytes)                      # responses can configure it
    dec.reset()                                              # after a disconnect

Every decoder raises only :class:`DecodeError` on malformed input. Encoders for the
simulated sensors live in the per-protocol modules (``polar``, ``movesense``,
``metawear``, ``witmotion``, ``microbit``, ``thingy``, ``nus``).
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import Decoded, Decoder, DecodeError, HostClock, SensorClock

# decoder name (as written in a profile's [stream] decoder) -> "module:Class"
REGISTRY = {
    "polar_pmd": "polar:PolarPmdDecoder",
    "movesense_gsp": "movesense:MovesenseDecoder",
    "metawear": "metawear:MetaWearDecoder",
    "witmotion": "witmotion:WitMotionDecoder",
    "microbit": "microbit:MicrobitDecoder",
    "thingy52": "thingy:ThingyDecoder",
    "nus_text": "nus:NusTextDecoder",
}

# Response parsers a profile step may name in ``expect`` -> "module:function". Each
# returns a parsed object with ``.ok`` (bool) and ``.reason`` (str) and raises DecodeError.
RESPONSES = {
    "pmd_cp_response": "polar:check_cp_response",
    "pmd_features": "polar:check_features",
    "metawear_module_info": "metawear:check_module_info",
    "movesense_hello": "movesense:check_hello",
}


def _resolve(spec: str) -> Any:
    mod, attr = spec.split(":")
    return getattr(importlib.import_module(f"{__name__}.{mod}"), attr)


def decoder_class(name: str) -> type[Decoder]:
    if name not in REGISTRY:
        raise KeyError(f"unknown decoder {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return _resolve(REGISTRY[name])


def make_decoder(profile: Any, rate_hz: float | None = None, range_g: float | None = None) -> Decoder:
    """A fresh decoder for ``profile`` (a :class:`repcount.profiles.Profile` or its name)
    at ``rate_hz``/``range_g`` (the profile's defaults when None)."""
    if isinstance(profile, str):
        from ..profiles import load_profile

        profile = load_profile(profile)
    rate = rate_hz if rate_hz is not None else profile.default_rate_hz
    rng = range_g if range_g is not None else profile.default_range_g
    cls = decoder_class(profile.decoder)
    return cls(rate, rng, dict(profile.decoder_params))


def parse_response(expect: str, data: bytes, **args: Any) -> Any:
    """Parse a control response the way a profile step's ``expect`` (and ``expect_args``)
    names it. The result has ``.ok``, ``.reason`` and ``.more`` (more packets follow)."""
    if expect not in RESPONSES:
        raise KeyError(f"unknown response kind {expect!r}; known: {', '.join(sorted(RESPONSES))}")
    return _resolve(RESPONSES[expect])(bytes(data), **args)


__all__ = ["Decoded", "Decoder", "DecodeError", "HostClock", "SensorClock", "REGISTRY", "RESPONSES",
           "decoder_class", "make_decoder", "parse_response"]
