"""Commands of this area; see repcount.cli."""

COMMANDS: list = []
