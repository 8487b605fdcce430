"""The selected tariff line's rate over time, drawn by `tracker.tui.chart` in theme colours."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from tracker.projections.tariff_steps import TariffSteps
from tracker.render import printable
from tracker.tui.chart import draw

MARGIN = dt.timedelta(days=14)
LEGEND = "   • decision  ▲ as of  ┈ no rate"
ROLES = ("blank", "axis", "label", "line", "paused", "none", "decision", "cursor")


class StepChart(Widget):
    """A caption line, then the chart sized to the widget; a message when there is no line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"chart--title", *(f"chart--{role}" for role in ROLES)}

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.title = ""
        self.steps: TariffSteps | None = None
        self.as_of = dt.date.min

    def show(self, title: str, steps: TariffSteps | None, as_of: dt.date) -> None:
        self.title, self.steps, self.as_of = title, steps, as_of
        self.refresh()

    def window(self) -> tuple[dt.date, dt.date] | None:
        """From before the line's first event to after its last, or the as-of date if later."""
        steps = self.steps
        if steps is None or not steps.decisions:
            return None
        days = [d.date for d in steps.decisions] + [s.start for s in steps.steps]
        return min(days) - MARGIN, max([*days, self.as_of]) + MARGIN

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        text.append(
            printable(self.title), self.get_component_rich_style("chart--title", partial=True)
        )
        window = self.window()
        if window is None or self.steps is None:
            return text
        if text.cell_len + len(LEGEND) <= self.size.width:
            text.append(LEGEND, self.get_component_rich_style("chart--label", partial=True))
        grid = draw(self.steps, *window, self.as_of, self.size.width, self.size.height - 1)
        styles = {
            role: self.get_component_rich_style(f"chart--{role}", partial=True) for role in ROLES
        }
        for row in grid:
            text.append("\n")
            for char, role in row:
                text.append(char, styles[role])
        return text
