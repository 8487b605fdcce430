"""Every excerpt under `tests/seed/sources/` names its event's source, and new events cite URLs.

An excerpt is the stored text of the page an event quotes: a header giving the page's
URL, publisher, title and publication day, then the passage. The quote tests check the
quote against the passage and the URL against the event's; these tests check that the
whole header is the event's own `source` (so the evidence cannot drift from what the
timeline cites), and that every event added since the first release cites a URL (the
seed articles of the first release have none, and none is invented) and ships the
excerpt of any quote it carries.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.seed.test_seed_files import EVENTS

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
FIRST_RELEASE_DIR = Path(__file__).resolve().parent / "fixtures" / "events-v1"
HEADER = re.compile(
    r"URL: (?P<url>\S+)\n"
    r"Publisher: (?P<publisher>.*?) \| Title: (?P<title>.*) \| Published: (?P<published>\S+)\n\n"
)
BY_ID = {str(event.get("id")): event for _, event in EVENTS}
# The seed articles (00n_<hash>.txt) are stored whole, without a header; the rest are excerpts.
EXCERPTS = sorted(
    path
    for path in SOURCES_DIR.glob("*.txt")
    if path.read_text(encoding="utf-8").startswith("URL: ")
)


def first_release_ids() -> set[str]:
    ids: set[str] = set()
    for path in FIRST_RELEASE_DIR.glob("*.jsonl"):
        ids |= {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()}
    return ids


ADDED = [(label, event) for label, event in EVENTS if label not in first_release_ids()]


def test_there_are_excerpts() -> None:
    assert len(EXCERPTS) >= 100, f"only {len(EXCERPTS)} excerpt files in {SOURCES_DIR}"


@pytest.mark.parametrize("path", EXCERPTS, ids=[path.stem for path in EXCERPTS])
def test_excerpt_header_is_the_events_source(path: Path) -> None:
    event = BY_ID.get(path.stem)
    assert event is not None, f"{path.name}: no event {path.stem} in events/"
    source: dict[str, Any] = event.get("source", {})
    assert source.get("quote"), f"{path.name}: event {path.stem} quotes nothing from it"
    match = HEADER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name}: header must be 'URL: …', 'Publisher: … | Title: … | Published: …'"
    for key in ("url", "publisher", "title", "published"):
        assert match.group(key) == source.get(key), (
            f"{path.name}: header {key} {match.group(key)!r} differs from the event's "
            f"source.{key} {source.get(key)!r}"
        )


@pytest.mark.parametrize(("label", "event"), ADDED, ids=[label for label, _ in ADDED])
def test_events_added_since_the_first_release_cite_a_url(label: str, event: dict[str, Any]) -> None:
    url = event.get("source", {}).get("url")
    assert isinstance(url, str) and url.startswith(("http://", "https://")), (
        f"event {label}: source.url missing"
    )


@pytest.mark.parametrize(("label", "event"), ADDED, ids=[label for label, _ in ADDED])
def test_quoted_events_added_since_the_first_release_ship_their_excerpt(
    label: str, event: dict[str, Any]
) -> None:
    if event.get("source", {}).get("quote"):
        assert (SOURCES_DIR / f"{label}.txt").is_file(), f"event {label}: no sources/{label}.txt"
