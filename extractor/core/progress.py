"""Progress of a long run: a bar on a terminal, plain log lines otherwise, and running counts."""

from __future__ import annotations

import logging
import sys
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

__all__ = ["Progress", "Tally"]

log = logging.getLogger("newsclaims.crawler")


@dataclass
class Tally:
    """Running counts of one crawl or ingest run."""

    new: int = 0
    duplicates: int = 0
    known: int = 0
    errors: list[str] = field(default_factory=list)
    quiet: bool = False  # a progress bar is showing: errors are listed after it, not logged

    def count(self, outcome: str) -> None:
        if outcome == "new":
            self.new += 1
        elif outcome in ("duplicate", "near_duplicate"):
            self.duplicates += 1
        else:
            self.known += 1

    def error(self, line: str) -> None:
        self.errors.append(line)
        if not self.quiet:
            log.warning("error: %s", line)


class Progress(AbstractContextManager["Progress"]):
    """A rich progress bar on a terminal (stderr), plain log lines otherwise."""

    def __init__(self, label: str, total: int, enabled: bool | None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None
        self.label = label
        self.total = total

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total or None)
        return self

    def add_total(self, n: int) -> None:
        self.total += n
        if self._bar is not None:
            self._bar.update(self._task, total=self.total)

    def advance(self, message: str) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)
        elif message:
            log.info("%s", message)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)
