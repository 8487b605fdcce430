"""What the tariff answers mean, on the curated timeline through real subprocesses: every
change ahead, promised cuts, a threat's own scope, and what a rate covers."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.cli.stores import seeded_store
from tests.conftest import RunCli


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(seeded_store(tmp_path_factory.mktemp("seed") / "seed.db", corrections=False))


def ask(run_cli: RunCli, db: str, *args: str) -> str:
    result = run_cli("--db", db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(run_cli: RunCli, db: str, *args: str) -> dict[str, Any]:
    """JSON rows by `applies_to/measure`."""
    found = json.loads(ask(run_cli, db, "tariffs", *args, "--json"))
    return {f"{row['applies_to']}/{row['measure']}": row for row in found}


def table_row(text: str, start: str) -> str:
    [line] = [line for line in text.splitlines() if line.startswith(start)]
    return line


def test_korea_on_3_april_2025_sees_its_25_percent_from_9_april(
    seeded: str, run_cli: RunCli
) -> None:
    line = rows(run_cli, seeded, "--on", "KR", "--as-of", "2025-04-03")["*/reciprocal"]
    assert [(c["rate_pct"], c["effective"]) for c in line["schedule"]] == [
        ("10", "2025-04-05"),
        ("25", "2025-04-09"),
    ]
    assert line["pending"] == line["schedule"][0]
    shown = ask(run_cli, seeded, "tariffs", "--on", "KR", "--as-of", "2025-04-03")
    row = table_row(shown, "US  *   reciprocal")
    assert "10 % from 2025-04-05, then 25 % from 2025-04-09" in row


def test_korea_on_31_july_2025_is_paused_to_7_august_then_15_percent(
    seeded: str, run_cli: RunCli
) -> None:
    line = rows(run_cli, seeded, "--on", "KR", "--as-of", "2025-07-31")["KR/reciprocal"]
    assert (line["status"], line["rate_pct"], line["paused_until"]) == (
        "paused",
        "10",
        "2025-08-07",
    )
    assert [(c["rate_pct"], c["effective"], c["pause"]) for c in line["schedule"]] == [
        ("15", "2025-08-07", False)
    ]
    shown = ask(run_cli, seeded, "tariffs", "--on", "KR", "--as-of", "2025-07-31")
    row = table_row(shown, "US  KR  reciprocal")
    assert "15 % from 2025-08-07" in row and "pause 10 %" not in row


def test_the_15_percent_for_korean_cars_reads_as_promised(seeded: str, run_cli: RunCli) -> None:
    cars = rows(run_cli, seeded, "--as-of", "2025-11-20")["KR/autos-232"]
    assert cars["status"] == "promised"
    assert (cars["threat"]["rate_pct"], cars["threat"]["promised"]) == ("15", True)
    row = table_row(ask(run_cli, seeded, "tariffs", "--as-of", "2025-11-20"), "US  KR  autos-232")
    assert row.split()[3:6] == ["promised", "2025-07-31", "promised"]
    assert "threatened" not in row
    moved = ask(run_cli, seeded, "diff", "2025-04-24", "2025-08-07")
    assert "status: promised" in table_row(moved, "tariffs     US/KR/autos-232")
    hike = rows(run_cli, seeded, "--on", "KR", "--as-of", "2026-01-27")["KR/autos-232"]
    assert (hike["threat"]["rate_pct"], hike["threat"]["promised"]) == ("25", False)


def test_a_threat_leaves_the_scope_of_the_rate_in_force(seeded: str, run_cli: RunCli) -> None:
    before = rows(run_cli, seeded, "--on", "KR", "--as-of", "2026-01-25")["KR/wood-products-232"]
    after = rows(run_cli, seeded, "--on", "KR", "--as-of", "2026-01-26")["KR/wood-products-232"]
    assert after["products"] == before["products"]
    assert after["products"].startswith("upholstered wooden furniture")
    assert "lumber" in after["threat"]["products"]


def test_a_narrow_scope_shows_beside_the_rate(seeded: str, run_cli: RunCli) -> None:
    args = ("tariffs", "--on", "KR", "--as-of", "2026-02-01")
    chips = rows(run_cli, seeded, *args[1:])["*/semiconductors-232"]
    assert chips["rate_pct"] == "25"
    assert chips["products"].startswith("A narrow category")  # Proclamation 11002's scope
    row = table_row(ask(run_cli, seeded, *args), "US  *   semiconductors-232")
    assert row.endswith("A narrow category of advanced computing…")
    [csv_row] = [
        r
        for r in csv.DictReader(io.StringIO(ask(run_cli, seeded, *args, "--csv")))
        if r["measure"] == "semiconductors-232"
    ]
    assert csv_row["products"] == chips["products"]
