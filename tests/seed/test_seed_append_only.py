"""The curated timeline only ever grows: stores seeded from an earlier release keep seeding.

`tests/seed/fixtures/events-v1/` is the timeline as first released (116 events).
Stores hold those ids, and re-appending an id with different content is an error, so
a line once released is never edited or removed: mistakes are fixed by appending
`event.corrected` / `event.retracted`. These tests fail if a released line changed.
"""

from __future__ import annotations

from pathlib import Path

import tracker
from tracker.seed import seed_files

FIRST_RELEASE = sorted((Path(__file__).resolve().parent / "fixtures" / "events-v1").glob("*.jsonl"))


def test_every_released_line_is_kept_in_place() -> None:
    current = {path.name: path.read_text(encoding="utf-8") for path in seed_files()}
    assert FIRST_RELEASE, "the first release's files are missing"
    for released in FIRST_RELEASE:
        before = released.read_text(encoding="utf-8")
        assert released.name in current, f"events/{released.name} was removed"
        assert current[released.name].startswith(before), (
            f"events/{released.name}: a released line was edited, removed or moved; "
            "append corrections instead"
        )


def test_a_store_seeded_from_the_first_release_takes_the_new_timeline(tmp_path: Path) -> None:
    with tracker.open(tmp_path / "old.db") as store:
        first = store.import_files(FIRST_RELEASE)
        assert len(first.appended) == 116
        report = store.seed()
        total = sum(
            1
            for path in seed_files()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line
        )
        assert len(report.skipped) == 116
        assert len(report.appended) == total - 116
        assert store.verify().ok
        again = store.seed()
        assert (len(again.appended), len(again.skipped)) == (0, total)
