"""The curated timeline reads as one: one-line titles as of their day, one name per publisher.

A title is what every view shows, on the day the event happened: it says what
happened, not what was learnt later ("the date proved wrong") nor how sure the
record is ("unconfirmed: ..."), which belong in tags and events/README.md, and
it names no event id. Titles written since the first release (new events, and
the titles corrections give) fit one line of 120 characters; released titles
too long or carrying caveats are fixed by corrections, so the test reads the
corrected timeline. Publishers are spelt one way, as listed in events/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.seed.test_seed_files import EVENTS, LAST_DAY
from tests.seed.test_seed_sources import first_release_ids
from tracker.api import Tracker

MAX_NEW_TITLE = 120
CAVEAT = re.compile(
    r"unconfirmed|uncertain|proved|turned out|garbled|single source|dated by|replaces"
    r"|\b\d{4}-\d{2}-\d{2}-[a-z]",  # an event id
    re.IGNORECASE,
)
README = Path(__file__).resolve().parents[2] / "events" / "README.md"
RELEASED = first_release_ids()


def written_since_release() -> list[tuple[str, str]]:
    """(where, title) for every title written after the first release."""
    titles: list[tuple[str, str]] = []
    for label, event in EVENTS:
        if label not in RELEASED:
            titles.append((label, str(event.get("title"))))
        changes: dict[str, Any] = event.get("changes") or {}
        if "title" in changes:
            titles.append((f"{label} (changes)", str(changes["title"])))
    return titles


NEW_TITLES = written_since_release()


@pytest.mark.parametrize(("where", "title"), NEW_TITLES, ids=[w for w, _ in NEW_TITLES])
def test_new_titles_fit_one_line(where: str, title: str) -> None:
    assert len(title) <= MAX_NEW_TITLE, f"{where}: title of {len(title)} characters: {title!r}"
    assert "\n" not in title


def test_titles_carry_no_caveats_or_ids(seeded: Tracker) -> None:
    bad = [
        f"{event.id}: {event.title}"
        for event in seeded.effective_log(as_of=LAST_DAY)
        if CAVEAT.search(event.title)
    ]
    assert not bad, "titles with caveats, hindsight or ids:\n" + "\n".join(bad)


def listed_publishers() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Publishers", 1)[1].split("\n#", 1)[0]
    return {line[2:].strip().strip("`") for line in section.splitlines() if line.startswith("- `")}


def test_publishers_are_spelt_as_listed(seeded: Tracker) -> None:
    """Every publisher the corrected timeline cites is listed, and no listed name is stale."""
    cited = {
        event.source.publisher
        for event in seeded.effective_log(as_of=LAST_DAY)
        if event.source is not None
    }
    listed = listed_publishers()
    assert cited - listed == set(), f"publishers not in events/README.md: {sorted(cited - listed)}"
    assert listed - cited == set(), f"listed but not cited: {sorted(listed - cited)}"


def test_no_publisher_is_spelt_two_ways() -> None:
    """Names that differ only in case, spacing or a leading "The" are one publisher."""
    seen: dict[str, str] = {}
    for name in listed_publishers():
        outlet = name.split(" (")[0]
        key = re.sub(r"^the ", "", outlet.lower()).replace(" ", "").replace("-", "")
        assert seen.setdefault(key, outlet) == outlet, f"{outlet!r} and {seen[key]!r}"
