"""View 6, diff: what changed in each projection between the as-of date and a second date.

The second date is a month before the as-of date until `d` picks one; a picked date
stays while the as-of date moves, so "what changed since the 2+2 talks" follows
the cursor. The two dates are compared in time order, whichever is the cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from tracker.diff import Change
from tracker.moments import parse_date
from tracker.tui.clock import Cursor, shift_months
from tracker.tui.columns import DIFF
from tracker.tui.screens.prompt import PromptScreen, date_problem
from tracker.tui.views.table import TableView

DiffRequest = tuple[Cursor, dt.date | None]


class DiffView(TableView):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("d", "other_date", "Compare with")]
    columns = DIFF
    key_fields = ("projection", "key")
    what = "changes"
    flexible = (3, 1)
    marks_steps = False  # the whole view is a comparison already

    def __init__(self, tracker: Any, cursor: Cursor) -> None:
        super().__init__(tracker, cursor, id="diff")
        self.other: dt.date | None = None

    def request(self) -> DiffRequest:
        return (self.cursor, self.other)

    def options(self, request: Any) -> Any:
        return request[1]

    def dates(self, request: DiffRequest) -> tuple[dt.date, dt.date]:
        cursor, other = request
        second = other or shift_months(cursor.as_of, -1)
        first, last = sorted((second, cursor.as_of))
        return first, last

    def read(self, request: DiffRequest) -> Iterator[Any]:
        first, last = self.dates(request)
        changes = self.tracker.diff(first, last, known_on=request[0].known_on)
        yield changes, "" if changes else f"Nothing changed, {first} → {last}."

    def status_parts(self) -> list[str]:
        return ["d: another date" if self.other else "a month back (d: another date)"]

    def update_status(self, empty: str) -> None:
        if not empty and self.rows:
            first, last = self.dates(self.request())
            empty = f"{len(self.rows)} changes, {first} → {last}"
        super().update_status(empty)

    def evidence_title(self, row: Change) -> str:
        return f"{row.projection} {row.key}: {row.change}"

    def action_other_date(self) -> None:
        def answered(text: str | None) -> None:
            if text is None:
                return
            self.other = parse_date(text) if text else None
            self.reload()

        first, _ = self.dates(self.request())
        question = "Compare the as-of date with (YYYY-MM-DD; empty: a month back)"
        self.app.push_screen(
            PromptScreen(question, (self.other or first).isoformat(), check=date_problem), answered
        )
