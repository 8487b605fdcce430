"""Every `source.quote` in the curated timeline is copied word for word from a source text.

A quote is the evidence an event rests on, so a paraphrase passed off as a quote is a
data bug. Whitespace is the only thing allowed to differ: runs of spaces, tabs and
newlines are collapsed to one space on both sides before comparing.

The texts ship with the tests, in `tests/seed/sources/` (every `*.txt` under it):

- the seed articles, `00n_<hash>.txt` ("seed n" in events/README.md), as stored;
- one excerpt per quoted event from any other source, `<event-id>.txt`: line 1
  `URL: <url>`, line 2 `Publisher: ... | Title: ... | Published: ...`, a blank line,
  then the passage exactly as read. Only the passage counts, its URL must be the
  event's `source.url`, and the event's quote must be in it.

An event with an excerpt of its own is checked against that excerpt alone; any other
against every text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attrs import frozen

REPO = Path(__file__).resolve().parents[2]
EVENTS_DIR = REPO / "events"
SOURCES_DIR = Path(__file__).resolve().parent / "sources"
MIN_QUOTED_EVENTS = 20  # guards against a test that passes because nothing is quoted
MAX_QUOTE_CHARS = 600  # "one or two sentences, never a whole article"
URL_LINE = "URL: "


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, as the comparison requires."""
    return " ".join(text.split())


@frozen
class Quoted:
    event_id: str
    quote: str
    url: str | None


@frozen
class SourceText:
    """One file of `sources/`: its passage (whitespace collapsed) and, for an excerpt, its URL."""

    name: str
    url: str | None
    text: str


def quoted_events() -> list[Quoted]:
    """Every event whose source carries a quote, and every quote a correction gives an event.

    Lines that do not parse are left to test_seed_files, which reports them.
    """
    quoted: list[Quoted] = []
    for path in sorted(EVENTS_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(event, dict):
                continue
            event_id = str(event.get("id") or f"{path.name}:{number}")
            changes = event.get("changes")
            changed = changes.get("source") if isinstance(changes, dict) else None
            sources = ((event_id, event.get("source")), (f"{event_id} (changes)", changed))
            for label, source in sources:
                quote = source.get("quote") if isinstance(source, dict) else None
                if isinstance(quote, str) and quote.strip():
                    assert isinstance(source, dict)
                    quoted.append(Quoted(label, quote, source.get("url")))
    return quoted


def read_source(path: Path) -> SourceText:
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(SOURCES_DIR).as_posix()
    if not text.startswith(URL_LINE):
        return SourceText(name, None, normalise(text))
    header, _, passage = text.partition("\n\n")
    url = header.splitlines()[0].removeprefix(URL_LINE).strip()
    return SourceText(name, url, normalise(passage))


QUOTED = quoted_events()
SOURCES = {path.stem: read_source(path) for path in sorted(SOURCES_DIR.rglob("*.txt"))}


def test_the_source_texts_ship_with_the_tests() -> None:
    seeds = [text for text in SOURCES.values() if text.url is None]
    assert len(seeds) >= 5, f"the seed articles belong in {SOURCES_DIR}"
    assert all(text.text for text in SOURCES.values()), "an empty source text"


def test_enough_events_carry_a_quote() -> None:
    assert len(QUOTED) >= MIN_QUOTED_EVENTS, (
        f"only {len(QUOTED)} events carry a source.quote; expected at least {MIN_QUOTED_EVENTS}"
    )


@pytest.mark.parametrize("quoted", QUOTED, ids=[q.event_id for q in QUOTED])
def test_quote_is_copied_word_for_word(quoted: Quoted) -> None:
    wanted = normalise(quoted.quote)
    own = SOURCES.get(quoted.event_id)
    if own is None:
        assert any(wanted in source.text for source in SOURCES.values()), (
            f"event {quoted.event_id}: quote not found verbatim in any text of "
            f"tests/seed/sources/: {quoted.quote!r}"
        )
        return
    assert wanted in own.text, (
        f"event {quoted.event_id}: quote not found verbatim in sources/{own.name}: {quoted.quote!r}"
    )
    if own.url is not None and quoted.url is not None:
        assert own.url == quoted.url, (
            f"event {quoted.event_id}: sources/{own.name} is an excerpt of {own.url}, "
            f"but the event cites {quoted.url}"
        )


@pytest.mark.parametrize("quoted", QUOTED, ids=[q.event_id for q in QUOTED])
def test_quote_is_short(quoted: Quoted) -> None:
    assert len(normalise(quoted.quote)) <= MAX_QUOTE_CHARS, (
        f"event {quoted.event_id}: quote is {len(quoted.quote)} characters; "
        "quote one or two sentences"
    )


def test_every_excerpt_is_of_a_url_and_names_no_unknown_event() -> None:
    """An excerpt named after an event must belong to a quoted event (none left stale)."""
    quoted = {q.event_id for q in QUOTED}
    for stem, source in SOURCES.items():
        if source.url is None:
            continue
        assert source.url.startswith(("http://", "https://")), f"sources/{source.name}: URL line"
        looks_like_an_id = stem[:4].isdigit() and stem[4:5] == "-" and stem[7:8] == "-"
        if looks_like_an_id:
            assert stem in quoted, f"sources/{source.name}: no event {stem} quotes from it"
