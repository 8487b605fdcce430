"""Hindsight: what applied on D in light of the decisions made by E (`decided_by`).

Examples for each projection's rule, then properties over generated logs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.log import effective_log
from tracker.model import (
    Event,
    FigureReported,
    Recorded,
    TargetSet,
    TariffAnnounced,
    TariffLifted,
    TariffPaused,
)
from tracker.moments import MomentError
from tracker.projections import decided
from tracker.projections.meetings import meeting_rows
from tracker.projections.records import record_rows
from tracker.projections.targets import period_end, target_rows
from tracker.projections.tariffs import PendingChange, TariffLine, tariff_lines

from .builders import (
    announced,
    cancelled,
    d,
    figure,
    held,
    lifted,
    paused,
    person,
    scheduled,
    target,
    threatened,
)
from .strategies import DAY0, DAYS, stored_logs

AUTOS_KR = ("US", "KR", "autos-232")
AUTOS_ALL = ("US", "*", "autos-232")
FAR = d("2030-01-01")

# The retroactive cut: Korean cars at 15 % floor from 1 November, decided 3 December.
CARS: list[Event] = [
    announced("2025-03-26", "25", "2025-04-03", key=AUTOS_ALL, eid="autos"),
    threatened("2025-07-31", "15", key=AUTOS_KR, eid="promise"),
    announced("2025-12-03", "15", "2025-11-01", key=AUTOS_KR, basis="floor", eid="cut"),
]


def cars(as_of: str, decided_by: str | None = None) -> TariffLine:
    lines = tariff_lines(CARS, d(as_of), on="KR", decided_by=d(decided_by) if decided_by else None)
    [only] = lines
    return only


# -- tariffs -------------------------------------------------------------------


def test_a_retroactive_decision_counts_for_the_days_it_reaches_in_hindsight() -> None:
    plain = cars("2025-11-20")
    assert (plain.applies_to, plain.rate_pct, plain.since) == ("*", D(25), d("2025-04-03"))
    assert plain.threat is not None, "on 20 November the 15 % was only promised"
    final = cars("2025-11-20", "2026-01-01")
    assert (final.applies_to, final.status, final.rate_pct) == ("KR", "in_effect", D(15))
    assert (final.basis, final.since, final.threat) == ("floor", d("2025-11-01"), None)
    assert "cut" in final.event_ids


def test_a_decision_made_by_decided_by_only_and_reaching_d_only() -> None:
    assert cars("2025-11-20", "2025-12-02").rate_pct == D(25), "not decided by 2 December"
    assert cars("2025-11-20", "2025-12-03").rate_pct == D(15)
    before = cars("2025-10-31", "2026-01-01")
    assert (before.applies_to, before.rate_pct) == ("*", D(25)), "the cut reaches 1 November on"
    assert before.pending is None, "a decision made after D for days after D is D's future"
    assert before.threat is not None and before.threat.rate_pct == D(15)


def test_a_threat_made_after_d_does_not_ride_on_ds_line() -> None:
    log: list[Event] = [announced("2025-04-02", "25"), threatened("2025-05-01", "50")]
    [line] = tariff_lines(log, d("2025-04-10"), decided_by=FAR)
    assert (line.rate_pct, line.threat) == (D(25), None)
    assert tariff_lines([threatened("2025-05-01", "50")], d("2025-04-10"), decided_by=FAR) == []


def test_a_retroactive_decision_replaces_the_change_pending_on_d() -> None:
    log: list[Event] = [
        announced("2025-04-02", "25"),
        announced("2025-04-05", "30", "2025-05-01"),
        announced("2025-04-20", "20", "2025-04-10"),  # retroactive: replaces the 30 %
    ]
    [plain] = tariff_lines(log, d("2025-04-15"))
    assert (plain.rate_pct, plain.pending) == (
        D(25),
        PendingChange(D(30), d("2025-05-01"), d("2025-04-05")),
    )
    [final] = tariff_lines(log, d("2025-04-15"), decided_by=d("2025-04-20"))
    assert (final.rate_pct, final.since, final.pending) == (D(20), d("2025-04-10"), None)


def test_a_retroactive_lift_and_pause_count_in_hindsight() -> None:
    lift: list[Event] = [announced("2025-04-02", "10"), lifted("2026-02-20", "2025-04-05")]
    [gone] = tariff_lines(lift, d("2025-06-01"), decided_by=FAR)
    assert (gone.status, gone.since) == ("lifted", d("2025-04-05"))
    pause: list[Event] = [
        announced("2025-04-02", "25"),
        paused("2025-05-01", "2025-07-01", "10", effective="2025-04-20"),
    ]
    [plain] = tariff_lines(pause, d("2025-04-25"))
    [final] = tariff_lines(pause, d("2025-04-25"), decided_by=d("2025-05-01"))
    assert (plain.status, final.status, final.rate_pct) == ("in_effect", "paused", D(10))


# -- meetings ------------------------------------------------------------------


def test_hindsight_changes_no_meeting_row() -> None:
    greer = person("Jamieson Greer", "USTR")
    log: list[Event] = [
        held("2025-04-08", [greer]),
        scheduled("2025-04-10", "2025-04-24", [greer], eid="plan"),
        held("2025-04-24", [greer]),
        cancelled("2025-04-30", "2025-05-10", [greer]),
    ]
    rows = meeting_rows(log, d("2025-04-20"))
    assert meeting_rows(log, d("2025-04-20"), decided_by=FAR) == rows
    [row] = rows
    assert (row.count, [u.id for u in row.upcoming]) == (1, ["plan"])


# -- targets and records -------------------------------------------------------

EXPORTS: list[Event] = [
    target("2024-06-19", "700", period="2024", eid="goal"),
    figure("2024-10-01", "650", period="2024", preliminary=True, eid="running"),
    figure("2025-01-01", "683.8", period="2024", record=True, eid="final"),
    target("2025-01-02", "650", period="2024", eid="revised"),  # after the fact
    figure("2025-01-01", "300", period="2025-Q4", eid="other"),
]


def test_a_figure_reported_after_d_about_a_period_over_by_d_decides_the_target() -> None:
    [plain] = target_rows(EXPORTS, d("2024-12-31"))
    assert (plain.status, plain.actual) == ("missed", D(650)), "the preliminary figure fell short"
    [final] = target_rows(EXPORTS, d("2024-12-31"), decided_by=FAR)
    assert (final.status, final.actual, final.reported_on) == (
        "missed",
        D("683.8"),
        d("2025-01-01"),
    )
    assert (final.target, final.gap) == (D(700), D("-16.2")), "a target revised after D is not D's"
    assert final.event_ids == ("goal", "final")


def test_a_figure_about_a_period_still_running_on_d_does_not_count() -> None:
    log: list[Event] = [
        target("2025-01-01", "100", period="2025"),
        figure("2026-01-05", "120", period="2025"),
    ]
    [row] = target_rows(log, d("2025-12-30"), decided_by=FAR)
    assert (row.status, row.actual) == ("open", None)
    [row] = target_rows(log, d("2025-12-31"), decided_by=FAR)
    assert (row.status, row.actual) == ("met", D(120))


def test_a_record_reported_after_d_for_a_period_over_by_d_stands_in_hindsight() -> None:
    assert record_rows(EXPORTS, d("2024-12-31")) == []
    [row] = record_rows(EXPORTS, d("2024-12-31"), decided_by=FAR)
    assert (row.period, row.value, row.date) == ("2024", D("683.8"), d("2025-01-01"))


# -- the parameter -------------------------------------------------------------


@pytest.mark.parametrize(
    "report",
    [
        lambda day, by: tariff_lines(CARS, day, decided_by=by),
        lambda day, by: meeting_rows(CARS, day, decided_by=by),
        lambda day, by: target_rows(CARS, day, decided_by=by),
        lambda day, by: record_rows(CARS, day, decided_by=by),
    ],
)
def test_decided_by_before_as_of_is_refused(report: Any) -> None:
    with pytest.raises(MomentError, match="decided_by may not be before as_of"):
        report(d("2025-11-20"), d("2025-11-19"))


# -- properties ----------------------------------------------------------------

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
as_of_days = st.integers(-1, DAYS + 5).map(lambda n: DAY0 + dt.timedelta(days=n))
later_days = st.integers(0, 30)


def reports(log: list[Event], as_of: dt.date, decided_by: dt.date | None = None) -> tuple[Any, ...]:
    return (
        tariff_lines(log, as_of, decided_by=decided_by),
        tariff_lines(log, as_of, on="KR", decided_by=decided_by),
        meeting_rows(log, as_of, "counterpart", decided_by=decided_by),
        meeting_rows(log, as_of, "org", decided_by=decided_by),
        target_rows(log, as_of, decided_by=decided_by),
        record_rows(log, as_of, decided_by=decided_by),
    )


def about_the_past(event: Event, day: dt.date) -> bool:
    """The spec, written out: a decision in effect by D, or a figure for a period over by D."""
    if isinstance(event, TariffAnnounced | TariffLifted | TariffPaused):
        return event.effective_date <= day
    return isinstance(event, FigureReported) and period_end(event.period) <= day


@FAST
@given(records=stored_logs(), as_of=as_of_days)
def test_decided_by_as_of_is_the_as_of_answer(records: list[Recorded], as_of: dt.date) -> None:
    log = effective_log(records)
    assert reports(log, as_of, as_of) == reports(log, as_of) == reports(log, as_of, None)


@FAST
@given(records=stored_logs(), as_of=as_of_days, later=later_days)
def test_events_after_d_reaching_no_day_up_to_d_change_nothing(
    records: list[Recorded], as_of: dt.date, later: int
) -> None:
    log = effective_log(records)
    decided_by = as_of + dt.timedelta(days=later)
    kept = [e for e in log if e.date <= as_of or not about_the_past(e, as_of)]
    assert reports(kept, as_of, decided_by) == reports(log, as_of)


@FAST
@given(records=stored_logs(), as_of=as_of_days, later=later_days)
def test_hindsight_never_depends_on_events_dated_after_decided_by(
    records: list[Recorded], as_of: dt.date, later: int
) -> None:
    log = effective_log(records)
    decided_by = as_of + dt.timedelta(days=later)
    by_then = [e for e in log if e.date <= decided_by]
    assert reports(log, as_of, decided_by) == reports(by_then, as_of, decided_by)
    assert list(decided(log, as_of, decided_by, about_the_past)) == [
        e for e in by_then if e.date <= as_of or about_the_past(e, as_of)
    ]


@FAST
@given(records=stored_logs(), as_of=as_of_days, later=later_days)
def test_a_decision_reaching_back_to_d_is_part_of_its_line(
    records: list[Recorded], as_of: dt.date, later: int
) -> None:
    log = effective_log(records)
    decided_by = as_of + dt.timedelta(days=later)
    traced = {
        eid for line in tariff_lines(log, as_of, decided_by=decided_by) for eid in line.event_ids
    }
    for event in log:
        tariff = isinstance(event, TariffAnnounced | TariffLifted | TariffPaused)
        if tariff and as_of < event.date <= decided_by and about_the_past(event, as_of):
            assert event.id in traced


@FAST
@given(records=stored_logs(), as_of=as_of_days, later=later_days)
def test_a_target_over_by_d_is_judged_as_it_is_once_all_is_reported(
    records: list[Recorded], as_of: dt.date, later: int
) -> None:
    """With no target revised after D, hindsight on D agrees with the view from E."""
    log = effective_log(records)
    decided_by = as_of + dt.timedelta(days=later)
    if any(isinstance(e, TargetSet) and e.date > as_of for e in log):
        return
    final = {(r.set_by, r.metric, r.period): r for r in target_rows(log, decided_by)}
    for row in target_rows(log, as_of, decided_by=decided_by):
        if period_end(row.period) <= as_of:
            assert row == final[(row.set_by, row.metric, row.period)]
