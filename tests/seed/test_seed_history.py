"""The curated timeline keeps its system-time history: each event recorded as published."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import RunCli
from tracker.api import Tracker, read_path
from tracker.codec import decode_event
from tracker.log import effective_log
from tracker.model import Correction, Event, EventRetracted, Note, Recorded, Source
from tracker.moments import end_of_day
from tracker.projections import rows_to_json
from tracker.projections.tariffs import tariff_lines
from tracker.render import to_json
from tracker.seed import as_published, published_on, seed_files
from tracker.store import NewEvent

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
README = Path(__file__).resolve().parents[2] / "README.md"
OLD_NOTE = '{"body":"o","date":"2024-01-01","title":"o","type":"note"}'


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def note(eid: str, date: str, published: str | None = None) -> Note:
    source = Source(publisher="P", title="T", published=d(published)) if published else None
    return Note(id=eid, date=d(date), title=eid, body="b", source=source)


def retraction(eid: str, target: str, date: str, published: str | None = None) -> EventRetracted:
    source = Source(publisher="P", title="T", published=d(published)) if published else None
    return EventRetracted(id=eid, date=d(date), title=eid, target=target, reason="r", source=source)


def times(events: list[Event]) -> dict[str | None, dt.datetime]:
    return {event.id: when for event, when in as_published(events, NOW)}


# -- the pure rule ------------------------------------------------------------


def test_an_event_is_recorded_at_the_end_of_its_sources_publication_day_utc() -> None:
    got = times([note("a", "2025-04-02", "2025-04-03")])
    assert got["a"] == dt.datetime(2025, 4, 3, 23, 59, 59, 999999, tzinfo=UTC)
    assert got["a"] == end_of_day(d("2025-04-03"))


def test_without_published_an_event_is_recorded_as_of_its_date() -> None:
    assert times([note("a", "2025-04-02")])["a"] == end_of_day(d("2025-04-02"))


def test_a_source_dated_before_its_event_does_not_move_it_earlier() -> None:
    assert published_on(note("a", "2025-04-02", "2025-03-01")) == d("2025-04-02")


def test_nothing_is_recorded_after_now() -> None:
    assert times([note("a", "2026-11-01", "2026-11-01")])["a"] == NOW


def test_events_come_in_publication_order_keeping_file_order_on_ties() -> None:
    events: list[Event] = [
        note("late", "2025-01-01", "2025-03-01"),
        note("b", "2025-01-01", "2025-01-02"),
        note("a", "2025-01-01", "2025-01-02"),
    ]
    assert [event.id for event, _ in as_published(events, NOW)] == ["b", "a", "late"]


def test_a_correction_is_recorded_as_its_source_but_never_before_its_target() -> None:
    events: list[Event] = [
        retraction("fix-early", "a", "2025-01-03", "2025-01-03"),  # its source predates a's
        note("a", "2025-01-01", "2025-02-01"),
        retraction("fix-late", "b", "2025-03-01", "2025-03-05"),
        note("b", "2025-01-01", "2025-01-10"),
    ]
    ordered = as_published(events, NOW)
    got = {event.id: when for event, when in ordered}
    assert got["fix-early"] == got["a"] == end_of_day(d("2025-02-01"))
    assert got["fix-late"] == end_of_day(d("2025-03-05"))
    ids = [event.id for event, _ in ordered]
    assert ids.index("a") < ids.index("fix-early")
    assert ids == ["b", "a", "fix-early", "fix-late"]


def test_a_retraction_of_a_correction_comes_after_both() -> None:
    events: list[Event] = [
        retraction("undo", "fix", "2025-01-01", "2025-01-01"),
        retraction("fix", "a", "2025-01-01", "2025-01-01"),
        note("a", "2025-01-01", "2025-01-01"),
    ]
    assert [event.id for event, _ in as_published(events, NOW)] == ["a", "fix", "undo"]


def _event_strategy() -> st.SearchStrategy[list[Event]]:
    day = st.integers(0, 30).map(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))

    @st.composite
    def build(draw: st.DrawFn) -> list[Event]:
        events: list[Event] = []
        for index in range(draw(st.integers(1, 15))):
            date, lag = draw(day), draw(st.none() | st.integers(-3, 10))
            published = None if lag is None else date + dt.timedelta(days=lag)
            source = Source(publisher="P", title="T", published=published) if published else None
            eid = f"e{index}"
            correct = draw(st.booleans())
            if events and correct:
                target = draw(st.sampled_from(events)).id
                assert target is not None
                events.append(
                    EventRetracted(
                        id=eid, date=date, title="x", target=target, reason="r", source=source
                    )
                )
            else:
                events.append(Note(id=eid, date=date, title="x", body="b", source=source))
        return draw(st.permutations(events))

    return build()


@settings(max_examples=200, deadline=None)
@given(events=_event_strategy())
def test_times_never_run_backwards_and_corrections_follow_their_targets(
    events: list[Event],
) -> None:
    ordered = as_published(events, NOW)
    assert sorted(e.id or "" for e, _ in ordered) == sorted(e.id or "" for e in events)
    moments = [when for _, when in ordered]
    assert moments == sorted(moments)
    position = {event.id: n for n, (event, _) in enumerate(ordered)}
    for n, (event, when) in enumerate(ordered):
        assert when <= NOW
        assert when >= min(end_of_day(event.date), NOW)
        if isinstance(event, Correction):
            assert position[event.target] < n


# -- seeding a store ----------------------------------------------------------


def seeded_records(store: Tracker) -> list[Recorded]:
    return list(store.events())


def curated() -> list[Event]:
    return [decode_event(obj, where) for path in seed_files() for where, obj in read_path(path)]


def test_seeding_an_empty_store_records_each_event_as_published(store: Tracker) -> None:
    report = store.seed()
    assert not report.recorded_now
    records = seeded_records(store)
    assert len(records) == len(curated()) >= 100
    recorded_at = {record.id: record.recorded_at for record in records}
    corrections = 0
    for record in records:
        published = record.event.source.published if record.event.source else None
        expected = end_of_day(max(published or record.event.date, record.event.date))
        if isinstance(record.event, Correction):  # never before its target
            expected = max(expected, recorded_at[record.event.target])
            corrections += 1
        assert record.recorded_at == min(expected, dt.datetime.now(UTC)), record.id
    assert corrections, "the curated timeline corrects some of its events"
    stamps = [record.recorded_at for record in records]
    assert stamps == sorted(stamps), "recorded_at never runs backwards along seq"
    assert store.verify().ok


@pytest.fixture
def seed_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A curated timeline of our own, with a correction in another file than its target."""
    folder = tmp_path / "events"
    folder.mkdir()
    lines = {
        "a.jsonl": [
            {"id": "fix", "type": "event.retracted", "date": "2025-03-02", "title": "Fix",
             "target": "b", "reason": "wrong",
             "source": {"publisher": "P", "title": "T", "published": "2025-03-02"}},
        ],
        "b.jsonl": [
            {"id": "b", "type": "note", "date": "2025-03-01", "title": "B", "body": "b",
             "source": {"publisher": "P", "title": "T", "published": "2025-03-05"}},
            {"id": "a", "type": "note", "date": "2025-01-01", "title": "A", "body": "a",
             "source": {"publisher": "P", "title": "T", "published": "2025-01-02"}},
        ],
    }  # fmt: skip
    for name, events in lines.items():
        (folder / name).write_text("".join(json.dumps(e) + "\n" for e in events), "utf-8")
    monkeypatch.setattr("tracker.api.seed_files", lambda: sorted(folder.glob("*.jsonl")))
    return folder


def test_a_correction_is_appended_after_its_target_even_from_an_earlier_file(
    store: Tracker, seed_dir: Path
) -> None:
    store.seed()
    got = [(r.seq, r.id, r.recorded_at) for r in store.events()]
    assert [(seq, eid) for seq, eid, _ in got] == [(1, "a"), (2, "b"), (3, "fix")]
    assert got[1][2] == got[2][2] == end_of_day(d("2025-03-05"))
    assert [e.id for e in store.effective_log(known_on=d("2025-03-04"))] == ["a"]
    assert [e.id for e in store.effective_log()] == ["a"]


def test_a_store_holding_later_events_gets_the_curated_ones_now(
    store: Tracker, seed_dir: Path
) -> None:
    store.append([{"id": "mine", "type": "note", "date": "2026-01-01", "title": "M", "body": "m"}])
    before = dt.datetime.now(UTC)
    report = store.seed()
    assert report.recorded_now
    assert report.appended == ("a", "b", "fix")
    added = [r for r in store.events() if r.id != "mine"]
    assert all(r.recorded_at >= before for r in added)
    assert store.verify().ok
    again = store.seed()
    assert (again.appended, again.recorded_now) == ((), False)


def test_a_store_holding_only_earlier_events_keeps_the_publication_times(
    store: Tracker, seed_dir: Path
) -> None:
    early = dt.datetime(2024, 1, 1, tzinfo=UTC)
    store.store.append([NewEvent("old", "note", d("2024-01-01"), OLD_NOTE, False, early)])
    report = store.seed()
    assert not report.recorded_now
    assert [r.recorded_at for r in store.events()][1] == end_of_day(d("2025-01-02"))


def test_seed_says_on_stderr_when_it_records_now(run_cli: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    note_text = '{"type": "note", "date": "2026-01-01", "title": "Mine", "body": "b"}'
    assert run_cli("--db", str(db), "append", "-", stdin=note_text).returncode == 0
    result = run_cli("--db", str(db), "seed")
    assert result.returncode == 0, result.stderr
    assert "recorded as of now" in result.stderr
    assert result.stdout == ""
    fresh = run_cli("--db", str(tmp_path / "fresh.db"), "seed")
    assert "recorded as of now" not in fresh.stderr


# -- the public record on a fresh default store ----------------------------------


@pytest.fixture(scope="module")
def published_by_6_april() -> Iterator[list[Event]]:
    """The curated events whose sources were out by the end of 6 April 2025."""
    events = [event for event in curated() if published_on(event) <= d("2025-04-06")]
    yield sorted(events, key=published_on)  # appended in publication order (a stable sort)


def test_known_on_a_day_shows_what_was_published_by_then(
    run_cli: RunCli, published_by_6_april: list[Event]
) -> None:
    result = run_cli(
        "tariffs", "--as-of", "2025-04-05", "--known-on", "2025-04-06", "--on", "KR", "--json"
    )
    assert result.returncode == 0, result.stderr
    log = effective_log(
        [
            Recorded(seq=n, recorded_at=NOW, event=event)
            for n, event in enumerate(published_by_6_april, 1)
        ]
    )
    expected = rows_to_json(tariff_lines(log, d("2025-04-05"), on="KR"))
    assert json.loads(result.stdout) == json.loads(to_json(expected))
    assert expected, "something had been published by then"
    # The April pause was reported on 10 April: known on the 9th, Korea still pays 25 %.
    then, now = (
        run_cli("tariffs", "--as-of", "2025-04-10", "--on", "KR", "--json", *known_on)
        for known_on in (("--known-on", "2025-04-09"), ())
    )
    assert json.loads(then.stdout) != json.loads(now.stdout), "later sources add to it"


def test_the_readmes_known_on_example_prints_what_it_shows(run_cli: RunCli) -> None:
    text = README.read_text(encoding="utf-8")
    command = "tracker tariffs --as-of 2025-04-05 --known-on 2025-04-06T00:00Z"
    match = re.search(rf"```\n\$ {re.escape(command)}\n(.*?)```", text, re.DOTALL)
    assert match, f"the README shows the output of `{command}`"
    result = run_cli(*command.split()[1:])
    assert result.returncode == 0, result.stderr
    assert result.stdout == match.group(1)
