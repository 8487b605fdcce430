"""View 4, targets: each target beside the latest figure, with a bar for how far it got."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from tracker.projections.targets import TargetRow
from tracker.tui.clock import Cursor
from tracker.tui.columns import PROGRESS, TARGETS, ViewColumn
from tracker.tui.views.table import TableView


class TargetsView(TableView):
    columns = TARGETS
    key_fields = ("set_by", "metric", "period")
    what = "targets"
    report = "targets"
    flexible = (0, 1)

    def __init__(self, tracker: Any, cursor: Cursor) -> None:
        super().__init__(tracker, cursor, id="targets")

    def cell(self, row: Any, column: ViewColumn[Any], mark: str) -> Text:
        text = super().cell(row, column, mark)
        if column is PROGRESS and isinstance(row, TargetRow):
            text.stylize(self.get_component_rich_style(f"status--{row.status}", partial=True))
        return text

    def evidence_title(self, row: TargetRow) -> str:
        return f"{row.set_by}: {row.metric} {row.period}"
