"""repcount: exact, live rep counting for squats and deadlifts from BLE accelerometers.

The signal flows one way:

    BLE client / file importer -> decoder -> SampleBlock -> Engine -> events -> sinks

``repcount.engine.Engine`` is where reps are detected; ``repcount.pipeline`` runs the
same engine for live sessions and for replays.
"""

__version__ = "0.1.0"
