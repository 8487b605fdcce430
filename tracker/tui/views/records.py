"""View 5, records: per metric, the latest all-time high and the one it beat."""

from __future__ import annotations

from typing import Any

from tracker.projections.records import RecordRow
from tracker.tui.clock import Cursor
from tracker.tui.columns import RECORDS
from tracker.tui.views.table import TableView


class RecordsView(TableView):
    columns = RECORDS
    key_fields = ("metric",)
    what = "records"
    report = "records"
    flexible = (4, 0)

    def __init__(self, tracker: Any, cursor: Cursor) -> None:
        super().__init__(tracker, cursor, id="records")

    def evidence_title(self, row: RecordRow) -> str:
        return f"Record: {row.metric} {row.period}"
