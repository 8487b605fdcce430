"""The Python API on real SQLite files: the door scripts, the CLI and the TUI share."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

import tracker
from tests.examples import EXAMPLES, example
from tracker.api import Tracker, default_db_path, slugify
from tracker.codec import decode_event, encode_event
from tracker.errors import ConflictingId, InvalidEvent
from tracker.model import MeetingHeld
from tracker.seed import seed_files

ORDERED = [
    EXAMPLES[name] for name in EXAMPLES if name not in ("event.retracted", "event.corrected")
] + [EXAMPLES["event.retracted"], EXAMPLES["event.corrected"]]


def write_jsonl(path: Path, events: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def test_append_takes_dicts_and_model_objects(store: Tracker) -> None:
    model_event = decode_event(EXAMPLES["meeting.held"])
    report = store.append([EXAMPLES["note"], model_event])
    assert report.appended == ("2025-04-04-yoon-removed", "2026-01-13-yeo-greer")
    records = list(store.events())
    assert [r.seq for r in records] == [1, 2]
    assert isinstance(records[1].event, MeetingHeld)
    assert records[1].event == model_event


def test_every_type_reads_back_as_it_was_appended(store: Tracker) -> None:
    store.append(ORDERED)
    assert [encode_event(r.event) for r in store.events()] == [
        encode_event(decode_event(e)) for e in ORDERED
    ]


def test_a_batch_with_one_bad_event_writes_nothing(store: Tracker, tmp_path: Path) -> None:
    events = [EXAMPLES["note"], example("tariff.announced", rate_pct=-5), EXAMPLES["meeting.held"]]
    path = write_jsonl(tmp_path / "batch.jsonl", events)
    with pytest.raises(InvalidEvent) as caught:
        store.import_file(path)
    assert str(caught.value).startswith(f"{path}:2 (2025-12-03-autos-kr-15): rate_pct:")
    assert list(store.events()) == []


def test_reimporting_a_file_is_a_no_op(store: Tracker, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "e.jsonl", ORDERED)
    first = store.import_file(path)
    second = store.import_file(path)
    assert len(first.appended) == len(ORDERED)
    assert second.appended == ()
    assert len(second.skipped) == len(ORDERED)
    assert len(list(store.events())) == len(ORDERED)


def test_reimporting_events_without_ids_is_a_no_op(store: Tracker) -> None:
    no_id = {k: v for k, v in EXAMPLES["note"].items() if k != "id"}
    other = {**no_id, "body": "A different body, same date and title."}
    first = store.append([no_id, other])
    assert first.appended == (
        "2025-04-04-president-yoon-suk-yeol-removed-from",
        "2025-04-04-president-yoon-suk-yeol-removed-from-2",
    )
    again = store.append([other, no_id])
    assert again.appended == ()
    assert set(again.skipped) == set(first.appended)


def test_a_conflicting_id_names_the_id_and_writes_nothing(store: Tracker) -> None:
    store.append([EXAMPLES["note"]])
    changed = example("note", body="Something else.")
    with pytest.raises(ConflictingId, match="'2025-04-04-yoon-removed' is already stored"):
        store.append([EXAMPLES["meeting.held"], changed])
    assert [r.id for r in store.events()] == ["2025-04-04-yoon-removed"]


def test_a_correction_needs_a_stored_target(store: Tracker) -> None:
    with pytest.raises(InvalidEvent, match="target: no stored event has id '2025-04-04-yoon"):
        store.append([EXAMPLES["event.retracted"]])
    store.append([EXAMPLES["note"]])
    assert store.append([EXAMPLES["event.retracted"]]).appended == ("2025-04-05-retract",)


def test_a_correction_may_target_an_earlier_event_of_the_same_batch(store: Tracker) -> None:
    report = store.append([EXAMPLES["tariff.paused"], EXAMPLES["event.corrected"]])
    assert len(report.appended) == 2


def test_a_correction_whose_changes_break_the_target_is_rejected(store: Tracker) -> None:
    store.append([EXAMPLES["tariff.paused"]])
    bad = example("event.corrected", changes={"rate_pct": -1})
    with pytest.raises(
        InvalidEvent, match=r"\(2025-04-05-correct\): changes.rate_pct: must be >= 0"
    ):
        store.append([bad])


def test_export_then_import_gives_identical_events(store: Tracker, tmp_path: Path) -> None:
    store.append(ORDERED)
    out = io.StringIO()
    assert store.export(out) == len(ORDERED)
    path = tmp_path / "export.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    with tracker.open(tmp_path / "copy.db") as copy:
        copy.import_file(path)
        assert [(r.id, r.event) for r in copy.events()] == [(r.id, r.event) for r in store.events()]


def test_export_filters_by_type_and_date(store: Tracker) -> None:
    store.append(ORDERED)
    out = io.StringIO()
    store.export(out, types=["meeting.held", "note"], date_from=dt.date(2025, 5, 1))
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["id"] for e in exported] == ["2026-01-13-yeo-greer"]
    assert {"seq", "recorded_at"} <= set(exported[0])


def test_search_finds_text_anywhere_in_the_event(store: Tracker) -> None:
    store.append(ORDERED)
    found = [r.id for r in store.events(search="constitutional court")]
    assert found == ["2025-04-04-yoon-removed"]
    assert [r.id for r in store.events(search="koo yun-cheol")] == ["2025-07-22-2plus2-set"]


@pytest.mark.parametrize("needle", ["rate_pct", "title", "imposed_by", "%d", '"'])
def test_search_never_matches_key_names_or_wildcards(store: Tracker, needle: str) -> None:
    store.append(ORDERED)
    assert list(store.events(search=needle)) == []


def test_an_underscore_in_search_is_itself_not_a_wildcard(store: Tracker) -> None:
    store.append(ORDERED)
    found = [r.id for r in store.events(search="_")]
    assert found == ["2026-03-12-autos-threat-dropped"]  # its type: tariff.threat_withdrawn


def test_search_folds_case_beyond_ascii_and_finds_quotes(store: Tracker) -> None:
    store.append([example("note", title='Talks in SÉOUL on the "July package"')])
    assert len(list(store.events(search="séoul"))) == 1
    assert len(list(store.events(search='"july package"'))) == 1


def test_an_explicit_store_starts_empty() -> None:
    with tracker.open(default_db_path().parent / "explicit.db") as opened:
        assert list(opened.events()) == []


def test_the_default_store_is_seeded_on_first_use_only(isolated_home: Path) -> None:
    assert not default_db_path().exists()
    assert seed_files(), "the curated timeline must ship with the package"
    with tracker.open() as default:
        seeded = [r.id for r in default.events()]
        assert len(seeded) >= 1
        default.append([{"type": "note", "date": "2026-03-01", "title": "Mine", "body": "b"}])
    assert str(default_db_path()).startswith(str(isolated_home))
    with tracker.open() as again:
        assert len(list(again.events())) == len(seeded) + 1


def test_seeding_twice_adds_nothing(store: Tracker) -> None:
    first = store.seed()
    second = store.seed()
    assert len(first.appended) >= 1
    assert second.appended == ()


def test_env_names_the_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB", str(db_path))
    with tracker.open() as opened:
        opened.append([EXAMPLES["note"]])
    assert db_path.exists()
    assert not default_db_path().exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Trade Minister Yeo Han-koo meets USTR Jamieson Greer",
            "trade-minister-yeo-han-koo-meets",
        ),
        ("[SEOUL] 25 % on cars!", "seoul-25-on-cars"),
        ("Réunion à Séoul", "reunion-a-seoul"),
        ("한국", "event"),
    ],
)
def test_slugs_are_readable(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_model_objects_are_validated_like_json(store: Tracker) -> None:
    """attrs does not check types: a script's object goes through the codec before storing."""
    from tracker.model import Note

    bad = Note(id="n", date=dt.date(2025, 1, 1), title="T", body="b", tags=("a", 5))  # type: ignore[arg-type]
    with pytest.raises(
        InvalidEvent, match=r"^events\[0\] \(n\): tags\[1\]: must be a string, got 5$"
    ):
        store.append([bad])
    assert list(store.events()) == []


def test_literal_fields_are_checked_in_python_too() -> None:
    from attrs import evolve

    from tracker.model import FieldError

    meeting = decode_event(EXAMPLES["meeting.held"])
    with pytest.raises(FieldError, match="format: must be one of"):
        evolve(meeting, format="dinner")
