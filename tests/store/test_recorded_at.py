"""A given `recorded_at` on every backend: stored as given, chained, never running backwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tracker.errors import InvalidEvent
from tracker.store import NewEvent, Store

UTC = dt.UTC
JAN = dt.datetime(2025, 1, 1, 23, 59, 59, 999999, tzinfo=UTC)
FEB = dt.datetime(2025, 2, 1, 12, 0, tzinfo=UTC)


def row(event_id: str, recorded_at: dt.datetime | None = None) -> NewEvent:
    return NewEvent(event_id, "note", dt.date(2025, 1, 1), '{"a":1}', recorded_at=recorded_at)


@pytest.fixture
def raw_store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


def test_given_times_are_stored_exactly_and_the_chain_verifies(raw_store: Store) -> None:
    raw_store.append([row("a", JAN), row("b", JAN), row("c", FEB)])
    rows = list(raw_store.read())
    assert [(r.id, r.recorded_at) for r in rows] == [("a", JAN), ("b", JAN), ("c", FEB)]
    assert raw_store.verify().ok
    assert raw_store.last_recorded_at() == FEB


def test_a_time_given_in_another_zone_is_stored_as_utc(raw_store: Store) -> None:
    seoul = dt.timezone(dt.timedelta(hours=9))
    raw_store.append([row("a", dt.datetime(2025, 4, 6, 9, 0, tzinfo=seoul))])
    [stored] = raw_store.read()
    assert stored.recorded_at == dt.datetime(2025, 4, 6, 0, 0, tzinfo=UTC)
    assert stored.recorded_at.utcoffset() == dt.timedelta(0)


def test_rows_without_a_time_take_now_after_given_ones(raw_store: Store) -> None:
    before = dt.datetime.now(UTC)
    raw_store.append([row("a", JAN), row("b")])
    old, new = raw_store.read()
    assert old.recorded_at == JAN
    assert new.recorded_at >= before


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        ([row("a", FEB), row("b", JAN)], "event b: recorded_at: may not run backwards"),
        ([row("a"), row("b", JAN)], "event b: recorded_at: may not run backwards"),
        ([row("a", dt.datetime(2999, 1, 1, tzinfo=UTC))], "event a: recorded_at: may not be in"),
        ([row("a", dt.datetime(2025, 1, 1))], "event a: recorded_at: must be timezone-aware"),  # noqa: DTZ001
    ],
)
def test_a_bad_time_refuses_the_whole_batch(
    raw_store: Store, batch: list[NewEvent], message: str
) -> None:
    with pytest.raises(InvalidEvent, match=f"^{message}"):
        raw_store.append(batch)
    assert raw_store.count() == 0


def test_a_time_before_what_is_stored_is_refused(raw_store: Store) -> None:
    raw_store.append([row("a", FEB)])
    with pytest.raises(InvalidEvent, match="is before the last one, 2025-02-01T12:00:00"):
        raw_store.append([row("b", JAN)])
    raw_store.append([row("b", FEB)])  # the same moment is fine: it does not run backwards
    assert [r.id for r in raw_store.read()] == ["a", "b"]


def test_a_skipped_row_is_not_checked(raw_store: Store) -> None:
    """Re-appending what is stored does nothing, whatever time it comes with."""
    raw_store.append([row("a", FEB)])
    result = raw_store.append([row("a", JAN)])
    assert (result.appended, result.skipped) == ((), ("a",))


def test_an_empty_store_has_no_last_time(raw_store: Store) -> None:
    assert raw_store.last_recorded_at() is None
