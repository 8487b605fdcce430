"""The time cursor's pure moves: months, and stepping between event dates without waiting."""

from __future__ import annotations

import datetime as dt

from tracker.tui.clock import UNKNOWN, DateSteps, known_on_label, shift_months

D = dt.date


def test_a_month_keeps_the_day_within_shorter_months() -> None:
    assert shift_months(D(2025, 3, 31), 1) == D(2025, 4, 30)
    assert shift_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert shift_months(D(2024, 12, 15), 1) == D(2025, 1, 15)
    assert shift_months(D(2025, 1, 15), -1) == D(2024, 12, 15)


def test_steps_within_the_loaded_window_need_no_store() -> None:
    steps = DateSteps()
    steps.load(D(2025, 4, 20), [D(2025, 4, 9), D(2025, 4, 5)], [D(2025, 4, 24), D(2025, 5, 1)], 2)
    assert steps.next(D(2025, 4, 20)) == D(2025, 4, 24)
    assert steps.next(D(2025, 4, 24)) == D(2025, 5, 1)
    assert steps.previous(D(2025, 4, 20)) == D(2025, 4, 9)
    assert steps.previous(D(2025, 4, 9)) == D(2025, 4, 5)
    # beyond a full window on either side lies more of the log, not yet read
    assert steps.next(D(2025, 5, 1)) is UNKNOWN
    assert steps.previous(D(2025, 4, 5)) is UNKNOWN


def test_a_short_side_reaches_the_end_of_the_log() -> None:
    steps = DateSteps()
    steps.load(D(2026, 3, 1), [D(2026, 2, 20)], [D(2026, 3, 12)], 5)
    assert steps.next(D(2026, 3, 12)) is None
    assert steps.next(D(2030, 1, 1)) is None
    assert steps.previous(D(2026, 2, 20)) is None
    assert steps.previous(D(2000, 1, 1)) is None


def test_nothing_is_known_before_the_first_load() -> None:
    steps = DateSteps()
    assert steps.next(D(2025, 1, 1)) is UNKNOWN
    assert steps.previous(D(2025, 1, 1)) is UNKNOWN


def test_known_on_reads_as_now_or_a_utc_moment() -> None:
    assert known_on_label(None) == "now"
    moment = dt.datetime(2025, 4, 6, 23, 59, 59, tzinfo=dt.UTC)
    assert known_on_label(moment) == "2025-04-06 23:59:59Z"
