"""Errors a user can cause. Each carries a sentence that says what is wrong and what to do."""

from __future__ import annotations

from .i18n import _


class UserError(Exception):
    """A problem with what the user gave us (a file, a filter, an option), not a bug."""


class UnusableFileError(UserError):
    """An input file that cannot be read as a table of records at all."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self) -> tuple[type[UnusableFileError], tuple[str, str]]:
        # Raised in a child process (ict_response/isolated.py), re-raised in the server.
        return (type(self), (self.path, self.problem))


class DatabaseMissingError(UserError):
    def __init__(self, path: object) -> None:
        self.path = str(path)
        super().__init__(
            # Translators: {path} is the database file's path.
            _(
                "{path}: no database here yet. "
                "Run `ict-response build --sample` (or `make run`) to create one."
            ).format(path=path)
        )

    def __reduce__(self) -> tuple[type[DatabaseMissingError], tuple[str]]:
        return (type(self), (self.path,))


class OutdatedDatabaseError(UserError):
    """A database file built by another version of the dashboard, whose tables this one
    does not read: said in one sentence, with the command that rebuilds it."""

    def __init__(self, path: object, found: str | None) -> None:
        self.path, self.found = str(path), found
        if found:
            # Translators: {path} is the database file's path.
            message = _(
                "{path}: built by an older version of the dashboard, whose tables "
                "this version cannot read. Rebuild it from its kept imports: `ict-response rebuild` "
                "(`make run` does so itself)."
            )
        else:
            # Translators: {path} is the database file's path.
            message = _(
                "{path}: built by another version of the dashboard, whose tables "
                "this version cannot read. Rebuild it from its kept imports: `ict-response rebuild` "
                "(`make run` does so itself)."
            )
        super().__init__(message.format(path=path))

    def __reduce__(self) -> tuple[type[OutdatedDatabaseError], tuple[str, str | None]]:
        return (type(self), (self.path, self.found))
