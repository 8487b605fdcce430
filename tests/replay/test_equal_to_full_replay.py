"""Every answer read from a real store equals the pure replay of the same records.

The store-side path (seq bounds for `known_on`, corrections read first, their
targets fetched by id, dates filtered in SQL, payloads decoded without
validation, the effective log merged as a stream) is checked against
`tracker.log.effective_log` and the report functions over the very records
appended -- on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker
from tests.backends import fresh_store_url
from tracker import replay, schema, statecache
from tracker.api import _new_event
from tracker.corrections import CorrectionIndex
from tracker.log import effective_log
from tracker.model import Recorded
from tracker.projections.meetings import meeting_rows
from tracker.projections.records import Previous, record_rows
from tracker.projections.targets import target_rows
from tracker.projections.tariffs import tariff_lines

from ..projections.strategies import DAY0, DAYS, stored_logs

SLOW = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
days = st.integers(-1, DAYS + 15).map(lambda n: DAY0 + dt.timedelta(days=n))


def store_records(store: tracker.Tracker, records: list[Recorded]) -> None:
    """Each record in its own batch at its own system time, the stored states kept as an
    append keeps them; corrections are not checked (as if from an older import)."""
    for record in records:
        new = _new_event(record.event, record.recorded_at)
        store.store.append([new], then=statecache)


def drop_states(url: str) -> None:
    """What anyone may do to a cache: delete it all. The next query rebuilds it."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in reversed(schema.metadata.sorted_tables):
            if table.name.startswith("cache_"):
                conn.execute(table.delete())
    engine.dispose()


def expected(
    records: list[Recorded], as_of: dt.date, known_on: dt.datetime, decided_by: dt.date
) -> dict[str, Any]:
    log = effective_log(records, as_of=as_of, known_on=known_on)
    hindsight = effective_log(records, as_of=decided_by, known_on=known_on)
    return {
        "log": log,
        "tariffs": tariff_lines(log, as_of),
        "tariffs_kr": tariff_lines(log, as_of, on="KR"),
        "tariffs_decided": tariff_lines(hindsight, as_of, decided_by=decided_by),
        "tariffs_kr_decided": tariff_lines(hindsight, as_of, on="KR", decided_by=decided_by),
        "meetings": meeting_rows(log, as_of),
        "meetings_org": meeting_rows(log, as_of, "org"),
        "meetings_country": meeting_rows(log, as_of, "country"),
        "meetings_theirs": meeting_rows(log, as_of, theirs="USTR"),
        "meetings_ours": meeting_rows(log, as_of, "org", ours="yeo"),
        "targets": target_rows(log, as_of),
        "records": record_rows(log, as_of),
        "targets_decided": target_rows(hindsight, as_of, decided_by=decided_by),
        "records_decided": record_rows(hindsight, as_of, decided_by=decided_by),
    }


def answers(
    store: tracker.Tracker, as_of: dt.date, known_on: dt.datetime, decided_by: dt.date
) -> dict[str, Any]:
    return {
        "log": store.effective_log(as_of, known_on),
        "tariffs": store.tariffs(as_of, known_on),
        "tariffs_kr": store.tariffs(as_of, known_on, on="KR"),
        "tariffs_decided": store.tariffs(as_of, known_on, decided_by=decided_by),
        "tariffs_kr_decided": store.tariffs(as_of, known_on, on="KR", decided_by=decided_by),
        "meetings": store.meetings(as_of, known_on),
        "meetings_org": store.meetings(as_of, known_on, by="org"),
        "meetings_country": store.meetings(as_of, known_on, by="country"),
        "meetings_theirs": store.meetings(as_of, known_on, theirs="USTR"),
        "meetings_ours": store.meetings(as_of, known_on, by="org", ours="yeo"),
        "targets": store.targets(as_of, known_on),
        "records": store.records(as_of, known_on),
        "targets_decided": store.targets(as_of, known_on, decided_by=decided_by),
        "records_decided": store.records(as_of, known_on, decided_by=decided_by),
    }


def assert_histories(
    store: tracker.Tracker, records: list[Recorded], known_on: dt.datetime
) -> None:
    """Each event's history (read through the index of correction targets) is the one an
    index of every correction known then gives."""
    known = [r for r in records if r.recorded_at <= known_on]
    index = CorrectionIndex(known, {r.id: r.seq for r in reversed(known)})
    for record in known:
        assert store.history(record.id, known_on) == index.history(record)


@SLOW
@given(
    records=stored_logs(max_events=16),
    as_of=days,
    later=st.integers(0, 30),
    cuts=st.lists(st.integers(0, 40), max_size=3),
)
def test_answers_from_the_store_equal_the_replay_of_its_records(
    backend: str, records: list[Recorded], as_of: dt.date, later: int, cuts: list[int]
) -> None:
    """Late appends, corrections that move dates and lines, retractions, corrections of
    corrections (strategies.stored_logs), asked as of any day, known on any moment, in
    hindsight; with the stored states kept by each append, then rebuilt from nothing."""
    decided_by = as_of + dt.timedelta(days=later)
    moments = [records[min(cut, len(records) - 1)].recorded_at for cut in cuts]
    moments += [records[-1].recorded_at + dt.timedelta(days=1)]
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_store_url(backend, Path(folder)) as url,
        tracker.open(url) as store,
    ):
        store_records(store, records)
        for known_on in moments:
            want = expected(records, as_of, known_on, decided_by)
            assert answers(store, as_of, known_on, decided_by) == want
            assert_histories(store, records, known_on)
        drop_states(url)
        assert answers(store, as_of, moments[-1], decided_by) == want


@SLOW
@given(
    records=stored_logs(max_events=16),
    as_of=days,
    later=st.integers(0, 30),
    size=st.integers(1, 4),
)
def test_one_batch_kept_a_chunk_at_a_time_equals_the_replay(
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
    records: list[Recorded],
    as_of: dt.date,
    later: int,
    size: int,
) -> None:
    """A big import keeps the states a chunk at a time and re-folds its lines once at the
    end, in one pass over all lines: the same log as one batch in chunks of `size`
    (corrections of events in earlier chunks, lines moved between chunks), and the
    states rebuilt from nothing a few rows at a time, answer as the replay does."""
    monkeypatch.setattr(statecache, "FEW_LINES", 0)  # the one-pass path, however few
    monkeypatch.setattr(statecache, "CATCH_UP_ROWS", size)
    decided_by = as_of + dt.timedelta(days=later)
    known_on = records[-1].recorded_at + dt.timedelta(days=1)
    rows = [_new_event(record.event, record.recorded_at) for record in records]
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_store_url(backend, Path(folder)) as url,
        tracker.open(url) as store,
    ):
        store.store.append(
            lambda _: [rows[at : at + size] for at in range(0, len(rows), size)],
            then=statecache,
        )
        want = expected(records, as_of, known_on, decided_by)
        assert answers(store, as_of, known_on, decided_by) == want
        drop_states(url)
        assert answers(store, as_of, known_on, decided_by) == want


@settings(max_examples=200, deadline=None)
@given(records=stored_logs(), as_of=days)
def test_each_projection_passes_by_the_types_it_does_not_fold(
    records: list[Recorded], as_of: dt.date
) -> None:
    """Why a query may read only `replay.FOLDS[name]` from the store."""
    log = effective_log(records)
    for name in replay.NAMES:
        kept = [event for event in log if isinstance(event, replay.FOLDS[name])]
        assert replay.fold(kept, [name], as_of) == replay.fold(log, [name], as_of), name


def test_known_on_sees_a_change_as_it_was_on_each_side_of_the_day(store_url: str) -> None:
    """A line touched after the moment is re-folded only if a version of the change, then
    or now, is dated by the day: a correction moving a decision past the day, and a late
    decision dated after it, each answer as the replay does."""

    def announced(event_id: str, day: str, rate: int) -> dict[str, Any]:
        return {"id": event_id, "type": "tariff.announced", "date": day, "effective": day,
                "title": f"{rate} %", "imposed_by": "US", "applies_to": "KR",
                "measure": "autos-232", "rate_pct": rate}  # fmt: skip

    day = dt.date(2025, 4, 1)
    with tracker.open(store_url) as store:
        store.append([announced("a", "2025-01-01", 10), announced("b", "2025-03-01", 20)])
        before = dt.datetime.now(dt.UTC)
        store.append([announced("c", "2025-05-01", 30)])  # dated after the day
        store.append(
            [{"type": "event.corrected", "date": "2025-04-20", "title": "b was in June",
              "target": "b", "changes": {"date": "2025-06-01", "effective": "2025-06-01"},
              "reason": "misdated"}]
        )  # fmt: skip
        for known_on in (before, None):
            stored = store.tariffs(day, known_on, on="KR")
            assert stored == store.replay(day, known_on, on="KR", only=("tariffs",))["tariffs"]
        then, now = store.tariffs(day, before, on="KR"), store.tariffs(day, on="KR")
    assert [(line.rate_pct, line.event_ids) for line in then] == [(20, ("a", "b"))]
    assert [(line.rate_pct, line.event_ids) for line in now] == [(10, ("a",))]


def test_states_kept_by_older_fold_rules_are_folded_afresh(store_url: str) -> None:
    """A store whose states were kept under other rules (older names in cache_meta, a
    state that no longer says what the fold says) answers as the replay does."""
    with tracker.open(store_url) as store:
        store.seed()
        day = dt.date(2026, 2, 1)
        want = store.replay(day, on="KR", only=("tariffs",))["tariffs"]
        assert store.tariffs(day, on="KR") == want
        engine = sa.create_engine(store_url)
        with engine.begin() as conn:
            meta, states = schema.cache_meta, schema.cache_tariff_states
            for name in statecache.NAMES:
                old = name.rsplit(".", 1)[0]  # the names before rules were versioned
                conn.execute(sa.update(meta).where(meta.c.name == name).values(name=old))
            stale = conn.execute(sa.select(states.c.seq).limit(1)).scalar_one()
            conn.execute(sa.delete(states).where(states.c.seq != stale))
        engine.dispose()
        assert store.tariffs(day, on="KR") == want
        with store.store.engine.connect() as conn:
            assert statecache.cached_seq(conn) == store.store.count()  # seeded: seqs 1..n
            kept = {row.name for row in conn.execute(sa.select(schema.cache_meta.c.name))}
    assert kept == set(statecache.NAMES)


def test_records_read_from_the_store_pick_the_record_beaten_as_the_replay_does(
    store_url: str,
) -> None:
    """Only each metric's latest record and the one it beat are decoded from the store:
    the one beaten is the latest earlier record of the same unit and kind of period,
    past monthly records, records in another unit and records superseded since."""

    def figure(event_id: str, day: str, period: str, value: int, **more: Any) -> dict[str, Any]:
        return {"id": event_id, "type": "figure.reported", "date": day, "title": event_id,
                "reported_by": "MOTIE", "metric": "exports.total", "period": period,
                "value": str(value), "unit": "USD", "all_time_high": True} | more  # fmt: skip

    log = [
        figure("y2020", "2021-01-01", "2020", 500),
        figure("y2021", "2022-01-01", "2021", 600),
        figure("m2022", "2022-03-01", "2022-02", 60),  # a monthly record
        figure("krw", "2022-06-01", "2021", 700, unit="KRW"),  # supersedes 2021 in USD
        figure("y2022", "2023-01-01", "2022", 650),  # beats 2020: not a month, not won
        figure("y2022-final", "2023-02-01", "2022", 640, all_time_high=False),  # superseded
        figure("y2023", "2024-01-01", "2023", 700),
    ]
    days = [dt.date(2022, 12, 31), dt.date(2023, 1, 15), dt.date(2023, 6, 1), dt.date(2024, 6, 1)]
    with tracker.open(store_url) as store:
        store.append(log)
        for day in days:
            want = store.replay(day, only=("records",))["records"]
            assert store.records(day) == want, day
        [row] = store.records(dt.date(2023, 1, 15))
        assert (row.period, row.previous, row.event_ids) == (
            "2022",
            Previous("2020", Decimal(500)),
            ("y2022", "y2020"),
        )
        [late] = store.records(dt.date(2024, 6, 1))
    assert (late.period, late.event_ids) == ("2023", ("y2023", "y2020"))
