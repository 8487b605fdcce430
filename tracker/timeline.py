"""The timeline as `tracker log` lists it: the stored events, marked, or the effective ones.

Pure: it filters and orders records it is given. Rules where DESIGN.md is silent:

- Every row is marked with its status as known on the moment asked about:
  `corrected` (a correction that counts changed it), `retracted`, or `original`.
  A correction that was itself retracted is marked `retracted`.
- `effective` lists what the queries see instead: corrections left out, retracted
  events left out, corrected events as corrected (filtered and ordered by their
  corrected date). `export` stays the raw log, the one that round-trips.
- Search terms all must match (any order), each ignoring case, in any value of
  the event (its id too), never in a key name.
- `recorded_since` keeps what was recorded after that moment, and in the
  effective timeline also what a correction recorded after it changed.
- `reverse` lists the latest first; `limit` keeps the first N rows listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from attrs import frozen

from tracker.codec import encode_event
from tracker.corrections import CorrectionIndex, Status
from tracker.model import Correction, Event, Recorded


@frozen
class LogEntry:
    """One row of the timeline: the record as stored, the event as listed, and its mark."""

    record: Recorded
    event: Event
    status: Status


def searchable_text(value: object) -> str:
    """Every value of an encoded event, keys left out, joined and case-folded."""
    if isinstance(value, dict):
        return "\n".join(searchable_text(item) for item in value.values())
    if isinstance(value, list):
        return "\n".join(searchable_text(item) for item in value)
    return str(value).casefold()


def matches(event: Event, terms: Sequence[str]) -> bool:
    """Whether every term is in some value of the event, ignoring case."""
    if not terms:
        return True
    text = searchable_text(encode_event(event))
    return all(term.casefold() in text for term in terms)


def log_entries(
    records: Iterable[Recorded],
    corrections: CorrectionIndex,
    *,
    effective: bool = False,
    types: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: Sequence[str] = (),
    recorded_since: dt.datetime | None = None,
    reverse: bool = False,
    limit: int | None = None,
) -> list[LogEntry]:
    """The rows of the timeline, by (date, seq), each marked as known by `corrections`."""
    entries: list[LogEntry] = []
    for record in records:
        history = corrections.history(record)
        event: Event = record.event
        if effective:
            if isinstance(record.event, Correction) or history.effective is None:
                continue
            event = history.effective
        changed = [entry.record.recorded_at for entry in history.corrections]
        if recorded_since is not None and not (
            record.recorded_at > recorded_since
            or (effective and any(moment > recorded_since for moment in changed))
        ):
            continue
        if (
            (types and event.type not in types)
            or (date_from is not None and event.date < date_from)
            or (date_to is not None and event.date > date_to)
            or not matches(event, search)
        ):
            continue
        entries.append(LogEntry(record, event, history.status))
    entries.sort(key=lambda entry: (entry.event.date, entry.record.seq), reverse=reverse)
    return entries if limit is None else entries[:limit]
