"""The step chart's layout: levels, joins, decision marks and the as-of cursor line up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tracker.projections.tariff_steps import Decision, Step, TariffSteps
from tracker.tui.chart import draw

D = dt.date
STEPS = TariffSteps(
    steps=(
        Step(D(2025, 3, 26), "pending", None, "additional"),
        Step(D(2025, 4, 3), "in_effect", Decimal(25), "additional"),
        Step(D(2025, 12, 3), "in_effect", Decimal(15), "floor"),
    ),
    decisions=(
        Decision(D(2025, 3, 26), "tariff.announced", "a"),
        Decision(D(2025, 12, 3), "tariff.announced", "b"),
    ),
)


def rows(grid: list[list[tuple[str, str]]]) -> list[str]:
    return ["".join(char for char, _ in row) for row in grid]


def test_the_rate_steps_down_in_the_column_of_the_decision_under_the_cursor() -> None:
    grid = draw(STEPS, D(2025, 3, 1), D(2026, 3, 1), D(2025, 12, 3), 80, 8)
    text = rows(grid)
    assert len(text) == 8 and all(len(line) == 80 for line in text)
    assert text[0].startswith("25 %│")
    assert text[5].startswith(" 0 %│")
    marks, dates = text[6], text[7]
    cursor = marks.index("▲")
    assert "┐" in text[0] and text[0].index("┐") == cursor  # the cut shows on its own day
    assert text[0][cursor + 1 :].strip() == ""  # and nothing stays at 25 % after it
    assert "└" in "".join(line[cursor] for line in text[:6])
    assert marks.count("•") == 1  # the first decision; the second sits under the cursor
    assert dates.startswith("     2025-03-01") and dates.rstrip().endswith("2026-03-01")
    assert "2025-12-03" in dates
    assert "┈" in text[5]  # pending: no rate yet


def test_paused_and_missing_rates_have_their_own_roles() -> None:
    paused = TariffSteps(
        steps=(Step(D(2025, 4, 9), "paused", Decimal(10), "additional"),),
        decisions=(Decision(D(2025, 4, 9), "tariff.paused", "p"),),
    )
    grid = draw(paused, D(2025, 4, 1), D(2025, 5, 1), D(2025, 4, 20), 40, 6)
    roles = {role for row in grid for _, role in row}
    assert {"paused", "cursor", "decision", "label", "axis"} <= roles
    assert "line" not in roles


def test_too_small_a_space_draws_nothing() -> None:
    assert draw(STEPS, D(2025, 3, 1), D(2026, 3, 1), D(2025, 12, 3), 80, 3) == []
    assert draw(STEPS, D(2025, 3, 1), D(2026, 3, 1), D(2025, 12, 3), 10, 8) == []
