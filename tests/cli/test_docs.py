"""Every command explains itself and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from tracker.cli import cli

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


def test_the_shipped_event_format_is_the_contract() -> None:
    """EVENTS.md ships with the code; it must not drift from the project's contract."""
    root = Path(__file__).resolve().parents[2]
    contract = root.parent / "shared" / "EVENTS.md"
    if not contract.exists():
        pytest.skip("the project's shared documents are not beside this checkout")
    assert (root / "EVENTS.md").read_text(encoding="utf-8") == contract.read_text(encoding="utf-8")
