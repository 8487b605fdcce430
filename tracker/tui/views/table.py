"""A report view: one row per result in a DataTable, with the cells the last step changed marked.

Reports are small (a row per tariff line, counterpart, target, metric), so a
DataTable holds them whole; only the timeline needs paging. When the cursor
moves in time, each cell whose value moved since the rows shown before is
marked with colour and a symbol (▲ up, ▼ down, ● changed, + new) for that step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

from rich.console import JustifyMethod
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tracker.api import Tracker
from tracker.citations import citations
from tracker.projections import rows_to_dicts
from tracker.render import printable
from tracker.tables import event_ids_of
from tracker.tui.clock import Cursor
from tracker.tui.columns import EXPORTED, ViewColumn, key_of
from tracker.tui.evidence import fields_of
from tracker.tui.marks import NO_MARKS, SYMBOLS, Marks, compare
from tracker.tui.messages import EvidenceWanted
from tracker.tui.views.base import Exported, Subject, View
from tracker.tui.widgets.grid import fill_table

STATUS_COLUMNS = frozenset({"status", "change"})
CLEARED = "\N{EN DASH}"  # a marked cell whose value went away
STATUSES = (
    *("threatened", "promised", "pending", "in_effect", "paused", "lifted"),  # tariff lines
    *("met", "missed", "open"),  # targets
    *("added", "changed", "removed"),  # diff rows
)


class TableView(View):
    """Rows of one report; subclasses give the columns, the key fields and how to read."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"mark--{way}" for way in ("up", "down", "changed", "added")),
        *(f"status--{name}" for name in STATUSES),
    }
    columns: ClassVar[Sequence[ViewColumn[Any]]] = ()
    key_fields: ClassVar[tuple[str, ...]] = ()
    what: ClassVar[str] = "rows"
    report: ClassVar[str] = ""  # the Tracker method that reads the rows
    marks_steps: ClassVar[bool] = True  # whether a step of the cursor marks what it moved
    flexible: ClassVar[tuple[int, ...]] = ()  # columns cut to fit the width, in this order

    def __init__(self, tracker: Tracker, cursor: Cursor, *, id: str) -> None:  # noqa: A002
        super().__init__(tracker, cursor, id=id)
        self.rows: list[Any] = []
        self.marks: Marks = NO_MARKS
        self.since: dt.date | None = None
        self.wanted_key: str | None = None  # a row to select once the rows are in

    def compose_view(self) -> ComposeResult:
        yield Static("", classes="view-status", markup=False)
        yield DataTable(cursor_type="row", zebra_stripes=True, classes="report")

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("DataTable.report", DataTable)

    # -- showing -------------------------------------------------------------

    def row_key(self, row: Any) -> str:
        return key_of(self.key_fields)(rows_to_dicts([row])[0])

    def request(self) -> tuple[Any, ...]:
        return (self.cursor,)

    def read(self, request: Any) -> Iterator[Any]:
        """The report `report` names (`tracker.targets`, ...) as of the cursor."""
        cursor = request[0]
        rows = getattr(self.tracker, self.report)(as_of=cursor.as_of, known_on=cursor.known_on)
        yield rows, "" if rows else self.why_empty(cursor, self.what)

    def options(self, request: Any) -> Any:
        """What besides the cursor the rows depend on (a country, a second date)."""
        return ()

    def show(self, request: Any, result: Any) -> None:
        rows, empty = result
        shown = self.shown
        moved = isinstance(shown, tuple) and self.marks_steps
        if isinstance(shown, tuple) and (
            shown[0] == request[0] or self.options(shown) != self.options(request)
        ):
            moved = False
        self.marks = compare(self.rows, rows, self.mark_key) if moved else NO_MARKS
        self.since = shown[0].as_of if isinstance(shown, tuple) and moved else None
        selected = self.selected()  # of the rows still shown: the same row stays selected
        keep = self.mark_key(rows_to_dicts([selected])[0]) if selected is not None else None
        self.rows = list(rows)
        self.fill(keep)
        self.update_status(empty)

    def mark_key(self, row: dict[str, Any]) -> str:
        return key_of(self.key_fields)(row)

    def fill(self, keep: str | None) -> None:
        """Put the rows in the table; select the row asked for (`select_key`), else the one
        whose mark key is `keep`, as the row selected before the step was."""
        table = self.table
        keys, marks, cells = [], [], []
        for row, data in zip(self.rows, rows_to_dicts(self.rows), strict=True):
            mark = self.mark_key(data)
            cells.append([self.cell(row, column, mark) for column in self.columns])
            keys.append(key_of(self.key_fields)(data))
            marks.append(mark)
        headers = [column.header for column in self.columns]
        room = self.size.width or self.app.size.width
        fill_table(table, headers, cells, keys, flexible=self.flexible, room=room)
        if self.wanted_key in keys:
            table.move_cursor(row=keys.index(self.wanted_key), animate=False)
            self.wanted_key = None
        elif keep in marks:
            table.move_cursor(row=marks.index(keep), animate=False)

    def cell(self, row: Any, column: ViewColumn[Any], mark: str) -> Text:
        """The cell's text, literal; coloured by status, marked when the last step moved it."""
        text = printable(column.cell(row))
        justify: JustifyMethod = "right" if column.right else "left"
        way = self.marks.way(mark, column.fields)
        if way is not None:
            style = self.get_component_rich_style(f"mark--{way}", partial=True)
            return Text(f"{SYMBOLS[way]} {text or CLEARED}", style, justify=justify)
        if column is self.columns[0] and mark in self.marks.added:
            return Text(f"+ {text}", self.get_component_rich_style("mark--added", partial=True))
        style = Style()
        if column.header in STATUS_COLUMNS and text:
            style = self.get_component_rich_style(f"status--{text.replace(' ', '_')}", partial=True)
        return Text(text, style, justify=justify)

    def update_status(self, empty: str) -> None:
        parts = [empty] if empty else [f"{len(self.rows)} {self.what} as of {self.cursor.as_of}"]
        parts += self.status_parts()
        marks = self.marks
        if marks and self.since is not None:
            changed = sum(len(fields) > 0 for fields in marks.changed.values())
            moves = [f"{changed} changed"] if changed else []
            moves += [f"{len(marks.added)} new"] if marks.added else []
            moves += [f"{len(marks.removed)} gone"] if marks.removed else []
            parts.append(f"since {self.since}: " + ", ".join(moves))
        self.query_one(".view-status", Static).update("  ·  ".join(parts))

    def status_parts(self) -> list[str]:
        return []

    # -- the selected row ----------------------------------------------------

    def select_key(self, key: str) -> None:
        """Select the row with this key, now or as soon as the rows are read."""
        keys = [self.row_key(row) for row in self.rows]
        if key in keys:
            self.table.move_cursor(row=keys.index(key), animate=False)
        else:
            self.wanted_key = key

    def selected(self) -> Any | None:
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    def evidence_title(self, row: Any) -> str:
        return self.row_key(row)

    def copy_subject(self) -> Subject | None:
        row = self.selected()
        if row is None:
            return None
        title = f"{self.evidence_title(row)} as of {self.cursor.as_of}"
        cells = [(column.header, column.cell(row)) for column in self.columns]
        return title, cells, event_ids_of(row)

    def export_job(self) -> Callable[[], Exported]:
        rows = list(self.rows)
        columns = EXPORTED.get(self.id or "") or [column.column for column in self.columns]
        tracker, known_on = self.tracker, self.cursor.known_on

        def job() -> Exported:
            sources = tracker.sources([i for row in rows for i in event_ids_of(row)], known_on)
            return columns, rows, [citations(event_ids_of(row), sources) for row in rows]

        return job

    @on(DataTable.RowSelected, "DataTable.report")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected()
        if row is not None:
            title = f"{self.evidence_title(row)} as of {self.cursor.as_of}"
            self.post_message(EvidenceWanted(title, event_ids_of(row), fields_of(row)))
