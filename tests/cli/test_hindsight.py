"""`--decided-by` and `--hindsight` on every query command, through real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

import pytest

from tests.conftest import RunCli
from tracker.cli import cli
from tracker.errors import ExitCode

SOURCE = {"publisher": "P", "title": "T", "published": "2025-12-04"}
EVENTS: list[Mapping[str, Any]] = [
    {"id": "autos", "type": "tariff.announced", "date": "2025-03-26", "title": "Autos 25 %",
     "imposed_by": "US", "applies_to": "*", "measure": "autos-232", "rate_pct": 25,
     "effective": "2025-04-03"},
    {"id": "cut", "type": "tariff.announced", "date": "2025-12-03", "title": "Korean cars 15 %",
     "imposed_by": "US", "applies_to": "KR", "measure": "autos-232", "rate_pct": "15",
     "effective": "2025-11-01", "basis": "floor", "source": SOURCE},
    {"id": "goal", "type": "target.set", "date": "2024-06-19", "title": "Export target",
     "set_by": "MOTIE", "metric": "exports.total", "period": "2024",
     "value": 700000000000, "unit": "USD"},
    {"id": "exports", "type": "figure.reported", "date": "2025-01-01", "title": "2024 exports",
     "metric": "exports.total", "period": "2024", "value": 683800000000, "unit": "USD",
     "all_time_high": True},
    {"id": "met", "type": "meeting.held", "date": "2025-12-10", "title": "Yeo meets Greer",
     "ours": [{"name": "Yeo Han-koo", "country": "KR"}],
     "theirs": [{"name": "Jamieson Greer", "org": "USTR", "country": "US"}]},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One store for the module: every test here only reads it."""
    path = str(tmp_path_factory.mktemp("hindsight") / "h.db")
    text = "".join(json.dumps(e) + "\n" for e in EVENTS)
    imported = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", path, "import", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    return path


def query(run_cli: RunCli, db: str, *args: str) -> Any:
    result = run_cli("--db", db, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cars(rows: list[dict[str, Any]]) -> tuple[Any, ...]:
    [row] = [r for r in rows if r["measure"] == "autos-232"]
    return row["applies_to"], row["status"], row["rate_pct"], row["basis"], row["since"]


def test_hindsight_shows_the_retroactive_cut_on_the_day_it_reaches(
    run_cli: RunCli, db: str
) -> None:
    args = ("tariffs", "--as-of", "2025-11-20", "--on", "KR")
    assert cars(query(run_cli, db, *args)) == ("*", "in_effect", "25", "additional", "2025-04-03")
    final = ("KR", "in_effect", "15", "floor", "2025-11-01")
    assert cars(query(run_cli, db, *args, "--hindsight")) == final
    assert cars(query(run_cli, db, *args, "--decided-by", "2025-12-03")) == final
    early = cars(query(run_cli, db, *args, "--decided-by", "2025-12-02"))
    assert early[2] == "25", "not yet decided by 2 December"


def test_hindsight_rows_keep_the_contracts_keys(run_cli: RunCli, db: str) -> None:
    args = ("tariffs", "--as-of", "2025-11-20", "--on", "KR")
    [plain] = query(run_cli, db, *args)
    [final] = query(run_cli, db, *args, "--hindsight")
    assert list(final) == list(plain)
    assert final["event_ids"] == ["cut"]


def test_hindsight_table_shows_the_floor_since_november(run_cli: RunCli, db: str) -> None:
    result = run_cli("--db", db, "tariffs", "--as-of", "2025-11-20", "--on", "KR", "--hindsight")
    assert result.returncode == 0, result.stderr
    [row] = result.stdout.splitlines()[2:]
    assert "15 % floor" in row and "2025-11-01" in row


def test_targets_in_hindsight_of_the_last_day_of_the_year(run_cli: RunCli, db: str) -> None:
    [plain] = query(run_cli, db, "targets", "--as-of", "2024-12-31")
    assert (plain["status"], plain["actual"]) == ("open", None)
    [final] = query(run_cli, db, "targets", "--as-of", "2024-12-31", "--hindsight")
    assert (final["status"], final["actual"], final["gap"]) == (
        "missed",
        "683800000000",
        "-16200000000",
    )
    assert final["reported_on"] == "2025-01-01"


def test_records_and_meetings_take_the_options_too(run_cli: RunCli, db: str) -> None:
    assert query(run_cli, db, "records", "--as-of", "2024-12-31") == []
    [record] = query(run_cli, db, "records", "--as-of", "2024-12-31", "--hindsight")
    assert (record["metric"], record["period"]) == ("exports.total", "2024")
    args = ("meetings", "--as-of", "2025-11-20")
    assert query(run_cli, db, *args, "--hindsight") == query(run_cli, db, *args) == []


def test_diff_in_hindsight_compares_both_dates_in_light_of_the_same_decisions(
    run_cli: RunCli, db: str
) -> None:
    plain = query(run_cli, db, "diff", "2025-10-01", "2025-11-20")
    assert all(change["key"] != "US/KR/autos-232" for change in plain)
    final = query(run_cli, db, "diff", "2025-10-01", "2025-11-20", "--hindsight")
    [cut] = [change for change in final if change["key"] == "US/KR/autos-232"]
    assert (cut["change"], cut["after"]["rate_pct"], cut["after"]["since"]) == (
        "added",
        "15",
        "2025-11-01",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tariffs", "--as-of", "2025-11-20", "--decided-by", "2025-11-19"), "may not be before"),
        (("targets", "--hindsight", "--decided-by", "2026-01-01"), "not both"),
        (("records", "--decided-by", "yesterday"), "is not an ISO date"),
        (("diff", "2025-01-01", "2025-06-01", "--decided-by", "2025-05-31"), "the later date"),
        (("meetings", "--as-of", "2025-11-20", "--decided-by", "2025-01-01"), "--decided-by"),
    ],
)
def test_a_decided_by_that_cannot_be_is_a_usage_error(
    run_cli: RunCli, db: str, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("--db", db, *args)
    assert result.returncode == ExitCode.USAGE
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["tariffs", "meetings", "targets", "records", "diff"])
def test_every_query_takes_the_options(command: str) -> None:
    options = {opt for param in cli.commands[command].params for opt in param.opts}
    assert {"--decided-by", "--hindsight"} <= options
