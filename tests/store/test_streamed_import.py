"""A big import is streamed a chunk at a time, and is still one batch: all of it or none.

Chunks are made tiny here, so every rule that spans a batch -- atomicity, ids
given twice, generated ids, corrections of events appended earlier in the batch,
the hash chain -- is crossed by a chunk boundary; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tracker
from tests.examples import EXAMPLES, example
from tracker import ingest
from tracker.api import Tracker
from tracker.errors import ConflictingId, InvalidEvent


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "CHUNK", 2)


@pytest.fixture
def opened(store_url: str) -> Iterator[Tracker]:
    with tracker.open(store_url) as store:
        yield store


def notes(count: int, **changes: Any) -> list[dict[str, Any]]:
    return [example("note", id=f"n{n}", title=f"Note {n}", **changes) for n in range(count)]


def jsonl(path: Path, events: list[dict[str, Any]], blank: bool = False) -> Path:
    lines = [json.dumps(event) for event in events]
    if blank:
        lines.insert(1, "   ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bad_event_in_the_last_chunk_writes_nothing(opened: Tracker, tmp_path: Path) -> None:
    events = [*notes(5), example("note", id="bad", body="")]
    with pytest.raises(InvalidEvent, match=r"in.jsonl:7 \(bad\): body: must not be empty"):
        opened.import_file(jsonl(tmp_path / "in.jsonl", events, blank=True))
    assert opened.store.count() == 0


def test_a_chunked_import_stores_what_one_batch_stores(tmp_path: Path, store_url: str) -> None:
    same = [example("note", id=None, title="Same", body=body) for body in ("A.", "B.", "C.")]
    events = [*notes(4), *same[:2], *notes(2), EXAMPLES["tariff.paused"],
              EXAMPLES["event.corrected"], same[2]]  # fmt: skip
    path = jsonl(tmp_path / "in.jsonl", events)
    with tracker.open(store_url) as chunked:
        report = chunked.import_file(path)
        rows = [(r.seq, r.id, r.type, r.payload) for r in chunked.store.read()]
        assert chunked.verify().ok
    ingest.CHUNK = 5_000
    with tracker.open(tmp_path / "whole.db") as whole:
        assert whole.import_file(path) == report
        assert [(r.seq, r.id, r.type, r.payload) for r in whole.store.read()] == rows
    ids = [row[1] for row in rows]
    assert ids.count("n0") == 1  # given twice with the same content: stored once
    assert [i for i in ids if "same" in i] == ["2025-04-04-same", "2025-04-04-same-2",
                                               "2025-04-04-same-3"]  # fmt: skip


def test_an_id_given_again_in_a_later_chunk_with_other_content_is_refused(
    opened: Tracker, tmp_path: Path
) -> None:
    events = [*notes(3), example("note", id="n0", title="Note 0", body="Changed.")]
    with pytest.raises(ConflictingId, match=r"in.jsonl:4 \(n0\): id: 'n0' is already stored"):
        opened.import_file(jsonl(tmp_path / "in.jsonl", events))
    assert opened.store.count() == 0


def test_a_correction_may_name_an_event_of_an_earlier_chunk(
    opened: Tracker, tmp_path: Path
) -> None:
    events = [EXAMPLES["tariff.paused"], *notes(3), EXAMPLES["event.corrected"]]
    report = opened.import_file(jsonl(tmp_path / "in.jsonl", events))
    assert len(report.appended) == 5
    history = opened.history(EXAMPLES["tariff.paused"]["id"])
    assert history.status == "corrected"


def test_a_correction_may_not_name_an_id_the_batch_generated(
    opened: Tracker, tmp_path: Path
) -> None:
    """As within one chunk: a generated id is not known to the batch that generates it."""
    unnamed = example("note", id=None, title="Unnamed")
    fix = example("event.retracted", target="2025-04-04-unnamed")
    with pytest.raises(InvalidEvent, match="target: no stored event has id '2025-04-04-unnamed'"):
        opened.import_file(jsonl(tmp_path / "in.jsonl", [unnamed, *notes(3), fix]))
    opened.append([unnamed])
    assert len(opened.import_file(tmp_path / "in.jsonl").appended) == 4


def test_arrays_and_single_objects_are_read_whole(opened: Tracker, tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps(notes(3)), encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_text(json.dumps(example("note", id="solo"), indent=2), encoding="utf-8")
    report = opened.import_files([array, one])
    assert report.appended == ("n0", "n1", "n2", "solo")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([*notes(3), example("note", body="")]), encoding="utf-8")
    with pytest.raises(InvalidEvent, match=r"bad.json\[3\] \(.*\): body: must not be empty"):
        opened.import_file(bad)


def test_counting_records_reads_as_the_import_reads(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", notes(3), blank=True)
    assert ingest.count_records(path) == 3
    assert ingest.count_records(path, limit=1) == 1
    (tmp_path / "blank.jsonl").write_bytes(b"\xef\xbb\xbf\n \n\xc2\xa0\n")
    assert ingest.count_records(tmp_path / "blank.jsonl") == 0
    (tmp_path / "a.json").write_text(json.dumps(notes(4), indent=1), encoding="utf-8")
    assert ingest.count_records(tmp_path / "a.json") == 4
