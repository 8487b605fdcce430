"""Every `source.quote` in the curated timeline is copied word for word from a seed article.

A quote is the evidence an event rests on, so a paraphrase passed off as a quote is a
data bug. Whitespace is the only thing allowed to differ: runs of spaces, tabs and
newlines are collapsed to one space on both sides before comparing. The seed articles
live in `shared/seeds/` beside the repository, as in CI's checkout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EVENTS_DIR = REPO / "events"
SEEDS_DIR = REPO.parent / "shared" / "seeds"
MIN_QUOTED_EVENTS = 20  # guards against a test that passes because nothing is quoted
MAX_QUOTE_CHARS = 600  # "one or two sentences, never a whole article"


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space, as the comparison requires."""
    return " ".join(text.split())


def quoted_events() -> list[tuple[str, str]]:
    """(event id, quote) for every event whose source carries a quote.

    Lines that do not parse are left to test_seed_files, which reports them.
    """
    quoted: list[tuple[str, str]] = []
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
            source = event.get("source")
            quote = source.get("quote") if isinstance(source, dict) else None
            if isinstance(quote, str) and quote.strip():
                quoted.append((str(event.get("id") or f"{path.name}:{number}"), quote))
    return quoted


QUOTED = quoted_events()


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    if not SEEDS_DIR.is_dir():
        pytest.skip(
            f"seed articles not found at {SEEDS_DIR}: the shared/ folder must sit beside the "
            "repository to check quotes against it"
        )
    files = sorted(path for path in SEEDS_DIR.iterdir() if path.is_file())
    if not files:
        pytest.skip(f"no seed articles in {SEEDS_DIR}")
    return [normalise(path.read_text(encoding="utf-8")) for path in files]


def test_enough_events_carry_a_quote() -> None:
    assert len(QUOTED) >= MIN_QUOTED_EVENTS, (
        f"only {len(QUOTED)} events carry a source.quote; expected at least {MIN_QUOTED_EVENTS}"
    )


@pytest.mark.parametrize(("event_id", "quote"), QUOTED, ids=[event_id for event_id, _ in QUOTED])
def test_quote_is_copied_word_for_word(event_id: str, quote: str, seed_texts: list[str]) -> None:
    wanted = normalise(quote)
    assert any(wanted in text for text in seed_texts), (
        f"event {event_id}: quote not found verbatim in any seed article: {quote!r}"
    )


@pytest.mark.parametrize(("event_id", "quote"), QUOTED, ids=[event_id for event_id, _ in QUOTED])
def test_quote_is_short(event_id: str, quote: str) -> None:
    assert len(normalise(quote)) <= MAX_QUOTE_CHARS, (
        f"event {event_id}: quote is {len(quote)} characters; quote one or two sentences"
    )
