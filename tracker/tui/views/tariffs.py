"""View 2, tariffs: a row per line (or per measure for one country), and the selected
line's rate over time as a step chart, with each decision and the as-of date on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from tracker.moments import today
from tracker.projections.tariff_steps import TariffSteps
from tracker.projections.tariffs import TariffLine
from tracker.tui.clock import Cursor
from tracker.tui.columns import TARIFFS
from tracker.tui.screens.choose import ChooseScreen
from tracker.tui.views.table import TableView
from tracker.tui.widgets.step_chart import StepChart

ChartKey = tuple[str, str, str, str | None, dt.datetime | None]


@dataclass
class StepsLoaded(Message):
    key: ChartKey
    steps: TariffSteps


@dataclass
class CountriesFound(Message):
    countries: list[str]


class TariffsView(TableView):
    """Tariff lines as of the cursor; `c` picks one country (the one-country rule)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("c", "country", "Country")]
    columns = TARIFFS
    key_fields = ("imposed_by", "applies_to", "measure")
    what = "tariff lines"
    flexible = (9, 8, 6, 2)

    def __init__(self, tracker: Any, cursor: Cursor) -> None:
        super().__init__(tracker, cursor, id="tariffs")
        self.country: str | None = None
        self.charts: dict[ChartKey, TariffSteps] = {}

    def forget(self) -> None:
        self.charts.clear()

    def compose_view(self) -> ComposeResult:
        yield from super().compose_view()
        yield StepChart(id="tariff-chart")

    def request(self) -> tuple[Cursor, str | None]:
        return (self.cursor, self.country)

    def options(self, request: Any) -> Any:
        return request[1]

    def mark_key(self, row: dict[str, Any]) -> str:
        """With one country, a line is its (imposer, measure): the `*` line giving way to the
        country's own is a change of that row, not one row gone and another new."""
        if self.country:
            return f"{row['imposed_by']}/{row['measure']}"
        return super().mark_key(row)

    def read(self, request: tuple[Cursor, str | None]) -> Iterator[Any]:
        cursor, country = request
        rows = self.tracker.tariffs(as_of=cursor.as_of, known_on=cursor.known_on, on=country)
        yield rows, "" if rows else self.why_empty(cursor, "tariff lines")

    def show(self, request: Any, result: Any) -> None:
        super().show(request, result)
        self.update_chart()

    def status_parts(self) -> list[str]:
        return [f"country: {self.country or 'all'} (c)"]

    def evidence_title(self, row: TariffLine) -> str:
        return f"{row.imposed_by}/{row.applies_to}/{row.measure}"

    # -- the chart of the selected line --------------------------------------

    @on(DataTable.RowHighlighted, "DataTable.report")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.update_chart()

    def update_chart(self) -> None:
        chart = self.query_one(StepChart)
        line = self.selected()
        if not isinstance(line, TariffLine):
            chart.show("Select a line to see its rate over time.", None, self.cursor.as_of)
            return
        key: ChartKey = (
            line.imposed_by,
            line.measure,
            line.applies_to,
            self.country,
            self.cursor.known_on,
        )
        steps = self.charts.get(key)
        chart.show(self.chart_title(line), steps, self.cursor.as_of)
        if steps is None:
            self.run_worker(
                lambda: self.post_message(StepsLoaded(key, self._steps(key))),
                thread=True,
                group="chart",
                exclusive=True,
                exit_on_error=False,
            )

    def chart_title(self, line: TariffLine) -> str:
        who = (
            f"{line.imposed_by} on {self.country}"
            if self.country
            else (f"{line.imposed_by} on {line.applies_to}")
        )
        return f"{who}, {line.measure}: the rate as it stood each day"

    def _steps(self, key: ChartKey) -> TariffSteps:
        imposed_by, measure, applies_to, country, known_on = key
        return self.tracker.tariff_steps(
            imposed_by, measure, applies_to, on=country, known_on=known_on
        )

    @on(StepsLoaded)
    def steps_loaded(self, message: StepsLoaded) -> None:
        message.stop()
        self.charts[message.key] = message.steps
        self.update_chart()

    # -- one country ---------------------------------------------------------

    def action_country(self) -> None:
        cursor = self.cursor

        def find() -> None:
            day = max(cursor.as_of, today())
            lines = self.tracker.tariffs(as_of=day, known_on=cursor.known_on)
            found = sorted({line.applies_to for line in lines} - {"*"})
            self.post_message(CountriesFound(found))

        self.run_worker(find, thread=True, group="countries", exclusive=True, exit_on_error=False)

    @on(CountriesFound)
    def countries_found(self, message: CountriesFound) -> None:
        message.stop()
        choices = [("*", "all lines")] + [
            (code, f"{code}: one line per measure, as it bears on {code}")
            for code in message.countries
        ]

        def chosen(code: str | None) -> None:
            if code is None:
                return
            self.country = None if code == "*" else code
            self.reload()

        self.app.push_screen(
            ChooseScreen("Tariffs on which country?", choices, self.country or "*"), chosen
        )
