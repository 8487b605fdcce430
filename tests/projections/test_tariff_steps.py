"""A tariff line's steps agree with `tariff_lines` on every day, on the seed timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.codec import decode_event, read_records
from tracker.log import effective_log
from tracker.model import Recorded
from tracker.projections.tariff_steps import tariff_steps
from tracker.projections.tariffs import tariff_lines
from tracker.seed import seed_files

D = dt.date
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def seed_log() -> list[object]:
    records = []
    for path in seed_files():
        for where, item in read_records(path.read_text(encoding="utf-8"), str(path)):
            event = decode_event(item, where)
            records.append(Recorded(seq=len(records) + 1, recorded_at=NOW, event=event))
    return effective_log(records)  # type: ignore[return-value]


def days(start: D, end: D, every: int) -> list[D]:
    return [start + dt.timedelta(days=n) for n in range(0, (end - start).days + 1, every)]


@pytest.mark.parametrize("on", [None, "KR"])
def test_every_day_the_step_in_force_is_what_tariffs_reports(
    seed_log: list[object], on: str | None
) -> None:
    log = seed_log
    keys = {
        (line.imposed_by, line.applies_to, line.measure)
        for line in tariff_lines(log, D(2026, 6, 1), on)  # type: ignore[arg-type]
    }
    checked = 0
    for imposed_by, applies_to, measure in sorted(keys):
        steps = tariff_steps(log, imposed_by, measure, applies_to, on)  # type: ignore[arg-type]
        assert steps.steps and steps.decisions
        for day in days(D(2024, 12, 1), D(2026, 4, 1), 2):
            reported = [
                line
                for line in tariff_lines(log, day, on)  # type: ignore[arg-type]
                if (line.imposed_by, line.measure) == (imposed_by, measure)
                and (on is not None or line.applies_to == applies_to)
            ]
            step = steps.at(day)
            if not reported:
                assert step is None, (measure, day)
                continue
            line = reported[0]
            assert step is not None, (measure, day)
            assert (step.status, step.rate_pct, step.basis) == (
                line.status,
                line.rate_pct,
                line.basis,
            ), (measure, day)
            checked += 1
    assert checked > 500


def test_korean_cars_go_from_25_to_a_15_percent_floor_on_the_day_it_was_announced(
    seed_log: list[object],
) -> None:
    steps = tariff_steps(seed_log, "US", "autos-232", "KR", on="KR")  # type: ignore[arg-type]
    nov = steps.at(D(2025, 11, 20))
    dec = steps.at(D(2025, 12, 10))
    assert nov is not None and nov.rate_pct == 25 and nov.basis == "additional"
    assert dec is not None and dec.rate_pct == 15 and dec.basis == "floor"
    assert any(d.date == D(2025, 12, 3) for d in steps.decisions)
