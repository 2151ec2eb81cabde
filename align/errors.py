"""One error hierarchy for every user error; the CLI turns each into one line and exit code 2."""

from __future__ import annotations

from align.shown import escape_undecodable, shown


class AlignError(Exception):
    """A problem the user can fix: bad input, bad options, an unwritable output.

    ``str(error)`` is the one-line message the CLI prints: ``path:line:column: what (remedy)``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = shown(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        # One line, always: a message quoting user data must not break the format, and a file
        # name's undecodable bytes are shown escaped (``\\xff``), not as a lone surrogate.
        return escape_undecodable(" ".join(text.split()))


class InputError(AlignError):
    """An input file cannot be read, decoded or parsed."""


class GlossaryError(AlignError):
    """A glossary file is malformed (reported with file:line)."""


class ConfigError(AlignError):
    """An option or configuration value is invalid."""


class ExportError(AlignError):
    """An output cannot be written (exists without --overwrite, unwritable folder, ...)."""
