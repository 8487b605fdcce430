"""View 3, meetings: counterparts with how often and when, the selected one's meetings,
and every meeting still to come in a table of its own.

The meetings' titles say who met whom, so both tables take the whole width, the
meetings held above what is ahead; the table of what is ahead shows only when
anything is.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tracker.projections.meetings import MeetingRow
from tracker.render import format_date, printable
from tracker.tui.clock import Cursor
from tracker.tui.columns import MEETINGS
from tracker.tui.messages import EvidenceWanted
from tracker.tui.views.table import TableView
from tracker.tui.widgets.grid import fill_table


class MeetingsView(TableView):
    """Counterparts met as of the cursor; a step onto a meeting's day raises its count."""

    columns = MEETINGS
    key_fields = ("counterpart",)
    what = "counterparts"
    report = "meetings"
    flexible = (6, 1, 0)

    def __init__(self, tracker: Any, cursor: Cursor) -> None:
        super().__init__(tracker, cursor, id="meetings")

    def compose_view(self) -> ComposeResult:
        yield from super().compose_view()
        with Vertical(classes="details"):
            with Vertical(id="held-pane"):
                yield Static("", id="held-title", classes="detail-title", markup=False)
                yield DataTable(cursor_type="row", id="held")
            with Vertical(id="upcoming-pane"):
                yield Static("Upcoming", id="upcoming-title", classes="detail-title", markup=False)
                yield DataTable(cursor_type="row", id="upcoming")

    def show(self, request: Any, result: Any) -> None:
        super().show(request, result)
        self.fill_upcoming()
        self.fill_held()

    # -- the selected counterpart's meetings, and what is ahead ---------------

    @on(DataTable.RowHighlighted, "DataTable.report")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.fill_held()

    def fill_held(self) -> None:
        table = self.query_one("#held", DataTable)
        row = self.selected()
        title = self.query_one("#held-title", Static)
        meetings = list(reversed(row.meetings)) if isinstance(row, MeetingRow) else []
        heading = (
            f"Meetings with {printable(row.counterpart)} ({row.count})"
            if isinstance(row, MeetingRow)
            else "Meetings"
        )
        ahead = self.query_one("#upcoming-pane").display
        title.update(heading if ahead else f"{heading}  ·  nothing scheduled ahead")
        cells = [
            [Text(format_date(m.date)), Text(m.format or ""), Text(printable(m.title))]
            for m in meetings  # the latest first
        ]
        keys = [m.id or f"{m.date}:{m.title}" for m in meetings]
        fill_table(table, ("date", "format", "title"), cells, keys, flexible=(2,), room=self.room())

    def fill_upcoming(self) -> None:
        ahead: dict[str, tuple[Any, list[str]]] = {}
        for row in self.rows:
            for item in row.upcoming:
                key = item.id or f"{item.for_date}:{item.title}"
                ahead.setdefault(key, (item, []))[1].append(row.counterpart)
        ordered = sorted(ahead.items(), key=lambda pair: pair[1][0].for_date)
        cells = [
            [
                Text(format_date(item.for_date)),
                Text(printable(", ".join(people))),
                Text(printable(item.title)),
            ]
            for _, (item, people) in ordered
        ]
        keys = [key for key, _ in ordered]
        self.query_one("#upcoming-title", Static).update(f"Upcoming ({len(ordered)})")
        self.query_one("#upcoming-pane").display = bool(ordered)
        table = self.query_one("#upcoming", DataTable)
        fill_table(table, ("for", "with", "title"), cells, keys, flexible=(2,), room=self.room())

    def room(self) -> int:
        return self.size.width or self.app.size.width

    @on(DataTable.RowSelected, "#held, #upcoming")
    def meeting_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        meeting_id = event.row_key.value
        if meeting_id:
            self.post_message(EvidenceWanted(f"Meeting {meeting_id}", (meeting_id,), None))
