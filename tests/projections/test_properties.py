"""Properties of replay over generated logs: determinism and the two clocks.

Every property compares two independent computations over hand-varied inputs, so
none of them can pass by echoing the code under test.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
from typing import Any

from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.log import effective_log
from tracker.model import Event, EventRetracted, Recorded
from tracker.projections import Projection, fold, meetings, targets, tariffs
from tracker.projections import records as records_projection
from tracker.projections.meetings import meeting_rows
from tracker.projections.records import record_rows
from tracker.projections.targets import target_rows
from tracker.projections.tariffs import tariff_lines

from .strategies import DAY0, DAYS, days, plain_events, stored_logs

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
as_of_days = st.integers(-1, DAYS + 15).map(lambda n: DAY0 + dt.timedelta(days=n))


def reports(log: list[Event], as_of: dt.date) -> tuple[Any, ...]:
    """Every report the CLI offers, as comparable values."""
    return (
        tariff_lines(log, as_of),
        tariff_lines(log, as_of, on="KR"),
        meeting_rows(log, as_of, "counterpart"),
        meeting_rows(log, as_of, "org"),
        meeting_rows(log, as_of, "country"),
        target_rows(log, as_of),
        record_rows(log, as_of),
    )


def ids(log: list[Event]) -> list[str | None]:
    return [event.id for event in log]


@FAST
@given(records=stored_logs(), as_of=as_of_days, seed=st.integers(0, 2**16))
def test_replay_is_deterministic_whatever_the_input_order(
    records: list[Recorded], as_of: dt.date, seed: int
) -> None:
    shuffled = list(records)
    random.Random(seed).shuffle(shuffled)
    log = effective_log(records, as_of=as_of)
    again = effective_log(shuffled, as_of=as_of)
    assert log == again
    assert reports(log, as_of) == reports(again, as_of)


@FAST
@given(records=stored_logs())
def test_the_log_is_in_date_then_seq_order_and_holds_no_corrections(
    records: list[Recorded],
) -> None:
    seq_of = {r.event.id: r.seq for r in records}
    log = effective_log(records)
    assert [(e.date, seq_of[e.id]) for e in log] == sorted((e.date, seq_of[e.id]) for e in log)
    assert not any(e.type.startswith("event.") for e in log)
    assert len(set(ids(log))) == len(log)


@FAST
@given(
    records=stored_logs(),
    as_of=as_of_days,
    later=st.lists(plain_events, max_size=6),
    offsets=st.lists(st.integers(1, 30), min_size=1, max_size=6),
)
def test_state_as_of_d_never_depends_on_events_dated_after_d(
    records: list[Recorded], as_of: dt.date, later: list[Event], offsets: list[int]
) -> None:
    future = [
        evolve(event, id=f"x{n}", date=as_of + dt.timedelta(days=offsets[n % len(offsets)]))
        for n, event in enumerate(later)
        if not hasattr(event, "until")  # a pause moved past its `until` would be invalid
    ]
    last = records[-1]
    extra = [
        Recorded(seq=last.seq + n + 1, recorded_at=last.recorded_at, event=event)
        for n, event in enumerate(future)
    ]
    log = effective_log(records, as_of=as_of)
    with_future = effective_log(records + extra, as_of=as_of)
    assert with_future == log
    unfiltered = effective_log(records + extra)
    assert reports(unfiltered, as_of) == reports(log, as_of)


@FAST
@given(records=stored_logs(), cut=st.integers(0, 25), as_of=as_of_days)
def test_state_known_on_t_never_depends_on_records_after_t(
    records: list[Recorded], cut: int, as_of: dt.date
) -> None:
    known_on = records[min(cut, len(records) - 1)].recorded_at
    known = [r for r in records if r.recorded_at <= known_on]
    log = effective_log(records, as_of=as_of, known_on=known_on)
    assert log == effective_log(known, as_of=as_of)
    assert reports(log, as_of) == reports(effective_log(known, as_of=as_of), as_of)


@FAST
@given(records=stored_logs(), pick=st.integers(0, 100), day=days)
def test_a_retraction_hides_its_target_from_the_moment_it_is_recorded(
    records: list[Recorded], pick: int, day: dt.date
) -> None:
    visible = ids(effective_log(records))
    if not visible:
        return
    target = visible[pick % len(visible)]
    assert target is not None
    last = records[-1]
    when = last.recorded_at + dt.timedelta(minutes=5)
    retraction = EventRetracted(id="retraction", date=day, title="r", target=target, reason="x")
    extended = [*records, Recorded(seq=last.seq + 1, recorded_at=when, event=retraction)]
    just_before = when - dt.timedelta(microseconds=1)
    assert ids(effective_log(extended, known_on=just_before)) == visible
    for known_on in (when, when + dt.timedelta(days=1)):
        hidden = ids(effective_log(extended, known_on=known_on))
        assert target not in hidden
        assert hidden == [event_id for event_id in visible if event_id != target]


@FAST
@given(records=stored_logs(), as_of=as_of_days)
def test_every_row_traces_to_events_in_the_log(records: list[Recorded], as_of: dt.date) -> None:
    log = effective_log(records, as_of=as_of)
    known = set(ids(log))
    for rows in reports(log, as_of):
        for row in rows:
            assert set(row.event_ids) <= known
            assert row.event_ids


@FAST
@given(records=stored_logs(), cut=st.integers(0, 40))
def test_a_folder_gives_what_apply_gives_event_by_event(records: list[Recorded], cut: int) -> None:
    """Each projection's `Folder` (mutable inside one fold) against `apply` (pure), from
    the initial state and from a state part-way through; the state it starts from is
    left as it was."""
    log = effective_log(records)
    for module in (tariffs, meetings, targets, records_projection):
        projection: Projection[Any] = module  # type: ignore[assignment]
        middle = functools.reduce(projection.apply, log[:cut], projection.initial())
        before = copy.deepcopy(middle)
        by_apply = functools.reduce(projection.apply, log[cut:], middle)
        assert fold(projection.Folder, log[cut:], middle) == by_apply, module.__name__
        assert middle == before, module.__name__
        assert fold(projection.Folder, log, projection.initial()) == by_apply, module.__name__
