"""The ``repcount`` command line: every command is a thin layer over a library function.

Each module in this package exposes ``COMMANDS``; they are registered on one click group.
Errors derived from :class:`repcount.errors.RepcountError` are shown as one line, with
exit code 1 and no traceback.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import RepcountError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RepcountError as exc:
            click.echo(f"repcount: error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repcount")
def cli() -> None:
    """repcount: count squat and deadlift reps from a BLE accelerometer, live or from a file.

    \b
    Quick start (no hardware needed):
      repcount live --simulate squat         # a simulated sensor, the whole live path
      repcount replay recordings/*.csv       # count reps in recorded sessions
      repcount eval recordings/ --baseline   # accuracy against ground truth
    """


def _register() -> None:
    from . import ble_cmds, eval_cmds, profile_cmds, replay_cmd, sink_cmds

    for mod in (replay_cmd, eval_cmds, profile_cmds, ble_cmds, sink_cmds):
        for cmd in getattr(mod, "COMMANDS", []):
            cli.add_command(cmd)


_register()


def main() -> None:
    cli(prog_name="repcount")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
