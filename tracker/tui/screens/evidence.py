"""Enter on any row: every field, the events behind it with their sources, and corrections.

Pushed over the app, so Escape returns to exactly where the user was (view, row,
scroll, date). Events are read as known on the cursor's moment: what the
tracker knew then, with the corrections it knew of. `y` copies the row with
its citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from attrs import frozen
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from tracker.api import Tracker
from tracker.citations import citations
from tracker.corrections import EventHistory
from tracker.detail import detail_text
from tracker.errors import UnknownEvent
from tracker.model import Event
from tracker.render import one_line, printable
from tracker.tui.clock import known_on_label
from tracker.tui.evidence import MAX_EVENTS, citation, summary
from tracker.tui.messages import EvidenceWanted

STATUS_MARKS = {"original": "", "corrected": "✎ corrected", "retracted": "✗ retracted"}


@frozen
class Evidence:
    histories: tuple[EventHistory, ...]
    missing: tuple[str, ...] = ()  # ids not recorded by the moment asked about
    more: int = 0  # ids beyond MAX_EVENTS, not read
    error: str = ""


def read_evidence(
    tracker: Tracker, event_ids: Sequence[str], known_on: dt.datetime | None
) -> Evidence:
    """Runs in a thread: each event's history as known on `known_on` (the first hundreds)."""
    histories, missing = [], []
    wanted = list(dict.fromkeys(event_ids))
    try:
        for event_id in wanted[:MAX_EVENTS]:
            try:
                histories.append(tracker.history(event_id, known_on))
            except UnknownEvent:
                missing.append(event_id)
    except Exception as error:  # an unreadable store is a message, never a traceback
        return Evidence(tuple(histories), tuple(missing), error=one_line(str(error)))
    return Evidence(tuple(histories), tuple(missing), max(0, len(wanted) - MAX_EVENTS))


def events_of(evidence: Evidence) -> list[Event]:
    """The events as the queries see them (as first stored, when retracted)."""
    return [h.effective or h.record.event for h in evidence.histories]


@dataclass
class EvidenceLoaded(Message):
    evidence: Evidence


class EvidenceScreen(Screen[None]):
    """The row, then one card per event: source, quote, URL, fields and corrections."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("y", "copy", "Copy with citation"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "evidence--label",
        "evidence--status",
        "evidence--quote",
        "evidence--heading",
    }

    def __init__(
        self, tracker: Tracker, wanted: EvidenceWanted, known_on: dt.datetime | None
    ) -> None:
        super().__init__(classes="evidence")
        self.tracker = tracker
        self.wanted = wanted
        self.known_on = known_on
        self.evidence: Evidence | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), classes="evidence-title", markup=False)
        with VerticalScroll(id="evidence-body"):
            if self.wanted.fields is not None:
                yield Static(self.row_text(self.wanted.fields), classes="evidence-row")
            yield Static("Reading the events…", id="evidence-events", markup=False)
        yield Footer()

    def heading(self) -> str:
        known = "" if self.known_on is None else f", as known on {known_on_label(self.known_on)}"
        return printable(f"Evidence: {self.wanted.title}{known}")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        ids, known_on = self.wanted.event_ids, self.known_on
        self.run_worker(
            lambda: self.post_message(EvidenceLoaded(read_evidence(self.tracker, ids, known_on))),
            thread=True,
            exit_on_error=False,
        )

    @on(EvidenceLoaded)
    def loaded(self, message: EvidenceLoaded) -> None:
        self.evidence = evidence = message.evidence
        placeholder = self.query_one("#evidence-events", Static)
        count = len(evidence.histories)
        heading = f"{count} event{'' if count == 1 else 's'} behind it"
        if evidence.error:
            placeholder.update(f"Cannot read the store: {evidence.error}")
            return
        notes = []
        if evidence.more:
            notes.append(f"{evidence.more} more not shown")
        if evidence.missing:
            notes.append(f"not recorded by then: {', '.join(evidence.missing)}")
        placeholder.update(printable(heading + (f" ({'; '.join(notes)})" if notes else "")))
        body = self.query_one(VerticalScroll)
        body.mount_all(
            Static(self.card(history), classes="evidence-card") for history in evidence.histories
        )

    # -- drawing ---------------------------------------------------------------

    def style(self, name: str) -> str:
        return str(self.get_component_rich_style(f"evidence--{name}", partial=True))

    def row_text(self, fields: Sequence[tuple[str, str]]) -> RenderableType:
        grid = self.grid()
        for name, value in fields:
            grid.add_row(name, Text(value))
        return Group(Text("The row", self.style("heading")), grid)

    def grid(self) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style=self.style("label"), no_wrap=True)
        grid.add_column(overflow="fold")
        return grid

    def card(self, history: EventHistory) -> RenderableType:
        """The event in full, as `tracker show` prints it, under a line saying what it is."""
        event = history.effective or history.record.event
        head = Text(f"{event.date.isoformat()}  {event.type}  {history.record.id}", "bold")
        mark = STATUS_MARKS[history.status]
        if mark:
            head.append(f"   {mark}", self.style("status"))
        width = max(40, (self.app.size.width or 100) - 8)
        return Group(head, Text(detail_text(history, width)))

    # -- keys ------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        if self.evidence is None:
            self.notify("Still reading the sources…")
            return
        histories = self.evidence.histories
        sources = {h.record.id: (h.effective or h.record.event).source for h in histories}
        text = citation(self.summary(), citations(list(sources), sources))
        self.app.copy_to_clipboard(text)
        self.notify(text, title="Copied", timeout=10, markup=False)

    def summary(self) -> str:
        fields = self.wanted.fields
        if fields is None and self.evidence and self.evidence.histories:
            event = events_of(self.evidence)[0]
            return summary(event.title, [("on", event.date.isoformat())])
        return summary(self.wanted.title, fields or ())
