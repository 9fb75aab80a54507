"""Exceptions that reach the user as one line (the CLI prints them without a traceback)."""


class RepcountError(Exception):
    """Base class: its message is shown to the user as one line."""


class InputFileError(RepcountError):
    """A file could not be read: names the file and, where known, the line."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")
