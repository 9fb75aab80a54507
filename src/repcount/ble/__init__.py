"""The BLE side of repcount: scan, connect, configure, stream, reconnect.

Product code talks to sensors only through bleak's public API (``BleakScanner``,
``BleakClient``). Which backend classes bleak uses is chosen in one place,
:mod:`repcount.ble.backend`: the platform's real stack normally, or the bumble-based
simulation for ``--simulate`` and the tests.
"""
