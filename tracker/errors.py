"""Errors a user can cause, and the exit code each one maps to."""

from __future__ import annotations

import shlex
from enum import IntEnum
from pathlib import Path

from tracker.quoting import brief


class ExitCode(IntEnum):
    """Process exit codes: scripts branch on these, so never renumber them."""

    OK = 0
    BAD_INPUT = 1  # an invalid or conflicting event; nothing was written
    USAGE = 2  # click's own code for a bad option or argument
    STORE_UNAVAILABLE = 3  # the database could not be opened or created
    INTEGRITY = 4  # `tracker verify` found the hash chain broken
    INTERNAL = 70  # an unexpected failure: a bug in tracker (sysexits' EX_SOFTWARE)


class TrackerError(Exception):
    """Base of every error the tracker reports to a user as one line."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InvalidEvent(TrackerError):
    """An event that breaks EVENTS.md; `where` is `file:line (id)` or `event <id>`."""

    def __init__(self, where: str, field: str, message: str) -> None:
        self.where = where
        self.field = field
        self.message = message
        parts = [part for part in (where, field) if part]
        super().__init__(": ".join([*parts, message]))


class ConflictingId(TrackerError):
    """An id that is stored already with different content."""

    def __init__(self, event_id: str, where: str = "") -> None:
        self.event_id = event_id
        prefix = f"{where}: " if where else ""
        super().__init__(
            f"{prefix}id: {event_id!r} is already stored with different content "
            "(append a correction instead, or choose another id)"
        )


class UnknownEvent(TrackerError):
    """An id asked for that no stored event holds (by the moment asked about)."""

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        super().__init__(f"id: no stored event has id {brief(event_id)}")


class NotYetRecorded(UnknownEvent):
    """An id asked for as known on a moment before the event was recorded."""

    def __init__(self, event_id: str, moment: str, recorded_at: str) -> None:
        TrackerError.__init__(
            self,
            f"id: {brief(event_id)} was not yet recorded on {moment} (recorded {recorded_at})",
        )
        self.event_id = event_id


class StoreUnavailable(TrackerError):
    """The database could not be opened: a bad path, URL or permission."""

    exit_code = ExitCode.STORE_UNAVAILABLE


class StoreBusy(StoreUnavailable):
    """The database stayed locked by another writer, or asked for a retry, too long."""


class StoreMissing(StoreUnavailable):
    """A store a reading command named does not exist: say how to create it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        quoted = shlex.quote(str(path))
        super().__init__(
            f"no store at {path}: create it with `tracker --db {quoted} seed` "
            f"(the curated timeline) or `tracker --db {quoted} import FILE`"
        )


class StoreReadOnly(StoreUnavailable):
    """A write to a store opened read-only (`--read-only`, or the app served to a browser)."""

    def __init__(self, display: str) -> None:
        super().__init__(f"store {display} is open read-only: nothing was written")


class TargetNotEmpty(TrackerError):
    """A copy goes into an empty store only: merging two histories would rewrite one."""

    def __init__(self, url: str, count: int) -> None:
        super().__init__(f"{url} already holds {count:,} events: copy only into a new, empty store")


class ChainBroken(TrackerError):
    """A hash chain that does not verify, found where it must (copying, `verify --head`)."""

    exit_code = ExitCode.INTEGRITY


class ReadOnlyViolation(TrackerError):
    """Something tried to change stored history."""
