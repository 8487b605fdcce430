"""Messages the app's thread workers post, named as the facts they report.

Each carries the request it answers (the cursor and the view's options), so the
receiver can drop an answer to a question nobody is asking any more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from tracker.tui.clock import Cursor


@dataclass
class RowsLoaded(Message):
    """A view's rows for `request` were read."""

    request: Hashable
    result: Any


@dataclass
class ReadFailed(Message):
    """Reading the store for `request` failed; `error` is one line for the user."""

    request: Hashable
    error: str


@dataclass
class DatesLoaded(Message):
    """Event dates around `centre` (as known on the cursor's moment), for `[` and `]`."""

    cursor: Cursor
    centre: dt.date
    before: Sequence[dt.date]
    after: Sequence[dt.date]


@dataclass
class SpanLoaded(Message):
    """The store's first and last event dates as known on `known_on` (None: empty)."""

    known_on: dt.datetime | None
    span: tuple[dt.date, dt.date] | None


@dataclass
class AsOfChosen(Message):
    """A view asks the app to move the as-of date (to a row's date)."""

    day: dt.date


@dataclass
class EvidenceWanted(Message):
    """Enter on a row: show the events behind it, their sources and corrections.

    `fields` are the row's own values as (name, shown value); None for an event row,
    whose fields are the event's.
    """

    title: str
    event_ids: Sequence[str]
    fields: Sequence[tuple[str, str]] | None


@dataclass
class CitationReady(Message):
    """A row's citation was put together (its sources read): copy it."""

    text: str


@dataclass
class Exported(Message):
    """An export finished (or failed); `text` says where, or why not."""

    text: str
    failed: bool
