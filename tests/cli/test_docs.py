"""Every command explains itself and is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from tracker.cli import cli
from tracker.codec import decode_event
from tracker.jsontext import parse_json

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_there_are_commands() -> None:
    assert {"append", "import", "export", "log", "seed", "verify"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts[0]} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"tracker {name}" in README


PUBLISHED = Path(__file__).resolve().parent / "published" / "EVENTS.md"
TICKED = re.compile(r"`([^`]+)`")


def _rows(text: str) -> dict[str, str]:
    """Each table row of a Markdown document, by its first cell."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) > 1 and not set(cells[0]) <= set("-: "):
            rows[cells[0]] = line
    return rows


def test_the_shipped_event_format_only_extends_the_published_contract() -> None:
    """EVENTS.md may gain optional fields and slugs, never lose or rename one.

    `published/EVENTS.md` is the contract as first published. Every `ticked` name of
    it must still be in the shipped EVENTS.md, and each table row (a type, a key)
    must still list every name it listed.
    """
    shipped = (Path(__file__).resolve().parents[2] / "EVENTS.md").read_text(encoding="utf-8")
    published = PUBLISHED.read_text(encoding="utf-8")
    dropped = sorted(set(TICKED.findall(published)) - set(TICKED.findall(shipped)))
    assert not dropped, f"EVENTS.md no longer names {dropped}"
    shipped_rows = _rows(shipped)
    for first, row in _rows(published).items():
        assert first in shipped_rows, f"EVENTS.md lost the row {first}"
        lost = set(TICKED.findall(row)) - set(TICKED.findall(shipped_rows[first]))
        assert not lost, f"EVENTS.md's row {first} no longer lists {sorted(lost)}"
    assert len(_rows(published)) >= 15, "the published contract's tables were read"


def test_every_example_event_in_events_md_is_valid() -> None:
    """The examples a reader copies from EVENTS.md are accepted as they stand."""
    shipped = (Path(__file__).resolve().parents[2] / "EVENTS.md").read_text(encoding="utf-8")
    examples = [line.strip() for line in shipped.splitlines() if line.strip().startswith('{"id"')]
    types = {decode_event(parse_json(text)).type for text in examples}
    assert {"meeting.held", "tariff.threat_withdrawn"} <= types
