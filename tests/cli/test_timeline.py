"""`log` and `show`: the timeline marked, the effective one, and one event in full."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from click.testing import CliRunner

from tests.cli.stores import DROP_ITIF, FIX_VENUE, seeded_store
from tests.conftest import RunCli
from tracker.cli import cli
from tracker.errors import ExitCode

GREER = "2026-01-13-yeo-greer"
ITIF = "2026-01-13-yeo-itif"
WEEK = ("--from", "2026-01-13", "--to", "2026-01-20")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(seeded_store(tmp_path_factory.mktemp("timeline") / "seeded.db"))


def invoke(db: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


def ids(db: str, *args: str) -> list[str]:
    result = invoke(db, "log", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def test_the_effective_timeline_in_every_format(run_cli: RunCli, db: str) -> None:
    args = ("--db", db, "log", *WEEK, "--effective")
    rows = json.loads(run_cli(*args, "--json").stdout)
    listed = [row["id"] for row in rows]
    assert GREER in listed and ITIF not in listed
    assert FIX_VENUE["id"] not in listed and DROP_ITIF["id"] not in listed
    greer = next(row for row in rows if row["id"] == GREER)
    assert greer["location"] == "USTR offices, Washington, D.C." and greer["status"] == "corrected"
    table = run_cli(*args)
    assert table.returncode == 0 and ITIF not in table.stdout
    assert any(GREER in line and "corrected" in line for line in table.stdout.splitlines())
    as_csv = list(csv.DictReader(io.StringIO(run_cli(*args, "--csv").stdout)))
    assert [row["id"] for row in as_csv] == listed
    assert next(row for row in as_csv if row["id"] == GREER)["status"] == "corrected"


def test_marks_as_known_on_a_moment(db: str) -> None:
    rows = json.loads(invoke(db, "log", *WEEK, "--json").stdout)
    recorded = {row["id"]: row["recorded_at"] for row in rows}
    before_fix = recorded[GREER]  # the seed was recorded before the corrections
    old = json.loads(invoke(db, "log", *WEEK, "--json", "--known-on", before_fix).stdout)
    status = {row["id"]: row["status"] for row in old}
    assert status[GREER] == "original" and status[ITIF] == "original"
    assert FIX_VENUE["id"] not in status
    effective = ids(db, *WEEK, "--effective", "--known-on", before_fix)
    assert ITIF in effective


def test_search_matches_ids_and_every_term(db: str) -> None:
    found = ids(db, "--search", GREER)
    assert GREER in found and FIX_VENUE["id"] in found  # its id; the correction naming it
    rows = json.loads(invoke(db, "log", "--json").stdout)
    assert set(found) == {row["id"] for row in rows if GREER in json.dumps(row)}
    greer, digital = ids(db, "--search", "Greer"), ids(db, "--search", "digital")
    both = ids(db, "--search", "Greer", "--search", "digital")
    assert GREER in both and set(both) == set(greer) & set(digital)
    assert len(both) < min(len(greer), len(digital))
    assert ids(db, "--search", "Greer", "--search", "no-such-word-anywhere") == []


def test_limit_reverse_and_recorded_since(run_cli: RunCli, db: str) -> None:
    every = ids(db)
    assert ids(db, "--limit", "3") == every[:3]
    assert ids(db, "--reverse", "--limit", "2") == every[::-1][:2]
    rows = json.loads(invoke(db, "log", "--json").stdout)
    ours = {FIX_VENUE["id"], DROP_ITIF["id"]}  # appended now, after the whole seed
    last_seen = max(row["recorded_at"] for row in rows if row["id"] not in ours)
    assert set(ids(db, "--recorded-since", last_seen)) == ours  # a timestamp: after it
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert set(ids(db, "--recorded-since", today)) == ours  # a date: its whole day
    first = min(row["recorded_at"] for row in rows)
    assert len(ids(db, "--recorded-since", first[:10])) == len(every)
    result = run_cli("--db", db, "log", "--recorded-since", today, "--type", "note", "--csv")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["date,type,status,id,title"]
    assert result.stderr.strip() == f"no events match --type note --recorded-since {today}"


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--limit", "-1"),
        ("log", "--recorded-since", "last week"),
        ("log", "--known-on", "2999-01-01"),
        ("log", "--json", "--tsv"),
        ("show",),
    ],
)
def test_bad_log_and_show_options_are_usage_errors(
    run_cli: RunCli, db: str, args: tuple[str, ...]
) -> None:
    result = run_cli("--db", db, *args)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""


def test_show_prints_the_corrected_event_its_source_and_history(run_cli: RunCli, db: str) -> None:
    result = run_cli("--db", db, "show", GREER)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "  status    corrected\n" in text
    assert "USTR offices, Washington, D.C." in text
    assert "Trade Minister Meets with U.S. Trade Representative" in text  # the source title
    assert "quote" in text and "Jamieson Greer" in text
    assert f"{FIX_VENUE['id']} corrects it: location = USTR offices" in text
    assert FIX_VENUE["reason"] in text


def test_show_json_and_several_ids(run_cli: RunCli, db: str) -> None:
    result = run_cli("--db", db, "show", GREER, ITIF, "--json")
    assert result.returncode == 0
    greer, itif = json.loads(result.stdout)
    assert (greer["id"], greer["status"]) == (GREER, "corrected")
    assert greer["event"]["location"] == "USTR offices, Washington, D.C."
    assert greer["recorded"]["location"] != greer["event"]["location"]
    assert [c["id"] for c in greer["corrections"]] == [FIX_VENUE["id"]]
    assert (itif["status"], itif["event"]) == ("retracted", None)
    assert itif["corrections"][0]["counts"] is True
    text = run_cli("--db", db, "show", GREER, ITIF).stdout
    assert text.count("\nhistory\n") == 2


def test_show_an_unknown_id_is_one_error_line_and_prints_nothing(run_cli: RunCli, db: str) -> None:
    result = run_cli("--db", db, "show", GREER, "no-such-id")
    assert result.returncode == ExitCode.BAD_INPUT
    assert result.stdout == ""
    assert result.stderr == "Error: id: no stored event has id 'no-such-id'\n"


def test_show_as_known_before_the_correction(db: str) -> None:
    rows = json.loads(invoke(db, "log", *WEEK, "--json").stdout)
    before_fix = next(row["recorded_at"] for row in rows if row["id"] == GREER)
    [greer] = json.loads(invoke(db, "show", GREER, "--json", "--known-on", before_fix).stdout)
    assert (greer["status"], greer["corrections"]) == ("original", [])
    unknown = invoke(db, "show", FIX_VENUE["id"], "--known-on", before_fix)
    assert unknown.exit_code == ExitCode.BAD_INPUT
