"""Errors that reach the user as one line, each with its exit code (documented in README)."""

from __future__ import annotations

__all__ = [
    "EXIT_FAILED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_USAGE",
    "ConfigError",
    "InputError",
    "NewsclaimsError",
    "NotFoundError",
]

EXIT_OK = 0
EXIT_FAILED = 1  # the run itself failed (database unusable, every feed unreachable, ...)
EXIT_USAGE = 2  # bad command line or configuration (Click uses 2 for usage errors too)
EXIT_NOT_FOUND = 3  # a named thing (story, article, file) does not exist


class NewsclaimsError(Exception):
    """Base class: its message is shown as ``Error: <message>`` and the program exits."""

    exit_code = EXIT_FAILED


class ConfigError(NewsclaimsError):
    """A configuration file (feeds.yaml, gold file) is malformed; the message names file:line."""

    exit_code = EXIT_USAGE


class InputError(NewsclaimsError):
    """An input the user named cannot be used."""

    exit_code = EXIT_USAGE


class NotFoundError(NewsclaimsError):
    exit_code = EXIT_NOT_FOUND
