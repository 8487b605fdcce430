"""One set of output options on every query and on `log`: table, CSV, TSV, JSON, sources.

Breadth (every command, every format) runs in-process through click's runner; each
feature is also run once as a real subprocess, for its streams and exit codes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.cli.stores import seeded_store
from tests.conftest import RunCli
from tracker.cli import cli
from tracker.errors import ExitCode

# Every command that takes the output options, with arguments that give rows.
COMMANDS = {
    "tariffs": ("tariffs", "--as-of", "2025-04-05", "--on", "KR"),
    "meetings": ("meetings", "--as-of", "2026-03-31"),
    "targets": ("targets", "--as-of", "2026-03-31"),
    "records": ("records", "--as-of", "2026-03-31"),
    "diff": ("diff", "2025-04-24", "2025-08-07"),
    "log": ("log", "--from", "2026-01-13", "--to", "2026-01-20"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(seeded_store(tmp_path_factory.mktemp("output") / "seeded.db"))


def run_ok(run_cli: RunCli, db: str, *args: str) -> str:
    result = run_cli("--db", db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def invoke_ok(db: str, *args: str) -> str:
    """The command in-process (no start-up cost): for breadth across commands and formats."""
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def parse(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


# Where CSV/TSV split a table's reading into values of their own.
SPLIT = {"pending": ["pending", "pending rate", "pending from"]}
SPLIT |= {"threat": ["threat min", "threat max", "threat date"]}
SPLIT |= {"previous": ["previous period", "previous value"]}
# What only CSV/TSV carry, after the table column they follow.
ADDED = {"rate": ["basis"], "actual": ["unit"], "value": ["unit"]}
TAIL = {"tariffs": ["event ids"], "diff": [], "log": []}
TAIL = {"meetings": ["event ids"], "targets": ["event ids"], "records": ["event ids"]} | TAIL


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_csv_and_tsv_have_the_table_columns_and_one_row_per_json_row(db: str, name: str) -> None:
    args = COMMANDS[name]
    table = invoke_ok(db, *args).splitlines()
    rows = json.loads(invoke_ok(db, *args, "--json"))
    as_csv = parse(invoke_ok(db, *args, "--csv"), ",")
    as_tsv = parse(invoke_ok(db, *args, "--tsv"), "\t")
    assert rows and len(as_csv) == len(rows) + 1 == len(table) - 1
    # the piped table's headings (it cuts and drops nothing), split into values
    headings = re.split(r"\s{2,}", table[0].strip())
    expected = [
        column
        for heading in headings
        for column in [*SPLIT.get(heading, [heading]), *ADDED.get(heading, [])]
    ]
    assert as_csv[0] == [*expected, *TAIL.get(name, [])]
    header = as_csv[0]
    assert as_tsv == as_csv
    for cells in as_csv[1:]:
        assert len(cells) == len(header)
        assert not any(cell.endswith("…") for cell in cells)
    if "event ids" in header:  # every report row names the events behind it
        column = header.index("event ids")
        assert [cells[column].split(" | ") for cells in as_csv[1:]] == [
            row["event_ids"] for row in rows
        ]


def test_each_format_as_a_real_process(run_cli: RunCli, db: str) -> None:
    args = ("--db", db, "records", "--as-of", "2099-12-31")
    table, as_csv, as_tsv, as_json = (
        run_cli(*args, *flag) for flag in ((), ("--csv",), ("--tsv",), ("--json",))
    )
    assert [r.returncode for r in (table, as_csv, as_tsv, as_json)] == [0, 0, 0, 0]
    assert table.stdout.splitlines()[0].split() == ["metric", "period", "value", "date", "previous"]
    data = ["metric", "period", "value", "unit", "date", "previous period", "previous value"]
    assert as_csv.stdout.splitlines()[0] == ",".join([*data, "event ids"])
    assert as_tsv.stdout.splitlines()[0] == "\t".join([*data, "event ids"])
    assert json.loads(as_json.stdout)[0]["metric"]
    assert all(r.stderr.startswith("note: the data runs to") for r in (table, as_csv, as_json))


def test_csv_keeps_long_text_and_writes_values_as_data(db: str) -> None:
    targets = list(csv.DictReader(io.StringIO(invoke_ok(db, *COMMANDS["targets"], "--csv"))))
    missed = next(row for row in targets if row["metric"] == "exports.total")
    assert (missed["target"], missed["actual"], missed["gap"]) == (
        "700000000000",
        "683800000000",
        "-16200000000",
    )
    assert (missed["unit"], missed["comparator"], missed["reported"]) == (
        "USD",
        "at_least",
        "2025-01-01",
    )
    share = next(
        row
        for row in targets
        if (row["metric"], row["period"]) == ("share.global_arms_exports", "2027")
    )
    assert (share["target"], share["unit"]) == ("5", "pct")
    assert "$700.0bn" in invoke_ok(db, *COMMANDS["targets"])
    longest = max(json.loads(invoke_ok(db, "log", "--json")), key=lambda e: len(e["title"]))
    log = parse(invoke_ok(db, "log", "--csv"), ",")
    titles = [row[log[0].index("title")] for row in log[1:]]
    assert len(longest["title"]) > 150 and longest["title"] in titles  # nothing is cut


def test_the_formats_are_mutually_exclusive(run_cli: RunCli, db: str) -> None:
    for pair in (("--json", "--csv"), ("--csv", "--tsv"), ("--tsv", "--json")):
        result = run_cli("--db", db, "tariffs", *pair)
        assert result.returncode == ExitCode.USAGE
        assert result.stdout == ""
        assert f"give one of {pair[0]}, {pair[1]}" in result.stderr or (
            f"give one of {pair[1]}, {pair[0]}" in result.stderr
        )


def test_an_empty_answer(run_cli: RunCli, db: str) -> None:
    args = ("tariffs", "--as-of", "2020-01-01")
    table = run_cli("--db", db, *args)
    assert (table.returncode, table.stdout) == (0, "")
    assert "no tariff lines as of 2020-01-01" in table.stderr
    as_csv = run_cli("--db", db, *args, "--csv")
    assert as_csv.returncode == 0
    assert as_csv.stdout.splitlines() == [
        "by,on,measure,status,rate,basis,since,pending,pending rate,pending from,paused to,"
        "threat min,threat max,threat date,products,event ids"
    ]
    assert json.loads(run_ok(run_cli, db, *args, "--json")) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_sources_cite_the_events_behind_each_row_in_every_format(db: str, name: str) -> None:
    args = (*COMMANDS[name], "--sources")
    rows = json.loads(invoke_ok(db, *args, "--json"))
    for row in rows:
        assert row["sources"], row
        assert all(
            set(item) == {"event_id", "publisher", "title", "published", "url"}
            for item in row["sources"]
        )
    as_csv = parse(invoke_ok(db, *args, "--csv"), ",")
    assert as_csv[0][-1] == "sources"
    first_source = rows[0]["sources"][0]
    assert first_source["publisher"] in as_csv[1][-1]
    table = invoke_ok(db, *args)
    body, _, notes = table.partition("\nsources:\n")
    assert body.splitlines()[0].split()[-1] == "sources"
    assert notes.startswith("[1] ") and first_source["publisher"] in notes.splitlines()[0]


def test_sources_join_several_citations_in_one_cell(run_cli: RunCli, db: str) -> None:
    args = ("meetings", "--as-of", "2026-03-31", "--with", "Greer", "--sources")
    [greer] = json.loads(run_ok(run_cli, db, *args, "--json"))
    cited: dict[str, Any] = {s["url"] or s["title"] for s in greer["sources"]}  # type: ignore[assignment]
    [header, row] = parse(run_ok(run_cli, db, *args, "--csv"), ",")
    cell = row[header.index("sources")]
    assert len(cell.split(" | ")) == len(cited) > 1
    assert len(greer["sources"]) == greer["count"]
    table = run_ok(run_cli, db, *args)
    assert f"1-{len(cited)}" in table.splitlines()[2]


def test_log_json_marks_each_event_and_the_table_shows_the_marks(run_cli: RunCli, db: str) -> None:
    rows = json.loads(run_ok(run_cli, db, *COMMANDS["log"], "--json"))
    status = {row["id"]: row["status"] for row in rows}
    assert status["2026-01-13-yeo-greer"] == "corrected"
    assert status["2026-01-13-yeo-itif"] == "retracted"
    assert status["2026-01-14-yeo-vought"] == "original"
    assert {"seq", "recorded_at"} <= set(rows[0])
    table = invoke_ok(db, *COMMANDS["log"]).splitlines()
    [greer] = [line for line in table if "2026-01-13-yeo-greer" in line]
    assert greer.split()[2] == "corrected"


def test_export_stays_the_raw_log_that_imports_again(
    run_cli: RunCli, db: str, tmp_path: Path
) -> None:
    exported = run_ok(run_cli, db, "export")
    lines = [json.loads(line) for line in exported.splitlines()]
    assert all("status" not in line for line in lines)
    assert any(line["id"] == "2026-01-13-yeo-itif" for line in lines)  # retracted, still there
    copy = str(tmp_path / "copy.db")
    assert run_cli("--db", copy, "import", "-", stdin=exported).returncode == 0
    assert run_ok(run_cli, copy, "export").count("\n") == len(lines)


def test_tariffs_csv_carries_rates_dates_products_and_event_ids_as_data(
    run_cli: RunCli, db: str
) -> None:
    args = ("tariffs", "--on", "KR", "--as-of", "2025-07-31")
    rows = {
        (r["applies_to"], r["measure"]): r for r in json.loads(run_ok(run_cli, db, *args, "--json"))
    }
    found = list(csv.DictReader(io.StringIO(run_ok(run_cli, db, *args, "--csv"))))
    assert len(found) == len(rows)
    for cells in found:
        line = rows[(cells["on"], cells["measure"])]
        assert cells["status"] == line["status"]  # in_effect, not "in effect"
        assert cells["rate"] == (line["rate_pct"] or "") and "%" not in cells["rate"]
        assert (cells["basis"], cells["since"]) == (line["basis"], line["since"])
        assert cells["products"] == (line["products"] or "")
        assert cells["event ids"].split(" | ") == line["event_ids"]
    # The pause at 10 % extended to 7 August runs on; the next change is the deal's 15 %.
    paused = next(c for c in found if (c["on"], c["measure"]) == ("KR", "reciprocal"))
    assert (paused["pending"], paused["pending rate"], paused["pending from"]) == (
        "rate",
        "15",
        "2025-08-07",
    )
    assert paused["paused to"] == "2025-08-07"
    copper = next(c for c in found if c["measure"] == "copper-232")
    assert (copper["pending"], copper["pending rate"], copper["rate"]) == ("rate", "50", "")
    floor = list(
        csv.DictReader(
            io.StringIO(
                run_ok(run_cli, db, "tariffs", "--on", "KR", "--as-of", "2026-02-01", "--csv")
            )
        )
    )
    autos = next(c for c in floor if (c["on"], c["measure"]) == ("KR", "autos-232"))
    assert (autos["rate"], autos["basis"]) == ("15", "floor")
    assert (autos["threat min"], autos["threat max"], autos["threat date"]) == (
        "25",
        "25",
        "2026-01-26",
    )


def test_diff_detail_reads_as_the_tables_do(run_cli: RunCli, db: str) -> None:
    """No raw JSON and no "2 items -> 4 items": what moved, in the tables' words."""
    result = run_cli("--db", db, "diff", "2025-04-24", "2025-08-07")
    assert result.returncode == 0
    as_tsv = run_ok(run_cli, db, "diff", "2025-04-24", "2025-08-07", "--tsv")
    details = {
        (row["projection"], row["key"]): row["detail"]
        for row in csv.DictReader(io.StringIO(as_tsv), delimiter="\t")
    }
    assert all(detail in result.stdout for detail in details.values())  # piped: whole
    assert "{" not in result.stdout and "items" not in result.stdout
    assert details[("tariffs", "US/*/auto-parts-232")] == (
        "status: pending -> in effect; rate: none -> 25 %; since: 2025-03-26 -> 2025-05-03; "
        "pending: 25 % from 2025-05-03 -> none"
    )
    assert details[("tariffs", "US/KR/reciprocal")] == (
        "status: paused -> in effect; rate: 10 % -> 15 %; since: 2025-04-10 -> 2025-08-07; "
        "paused to: 2025-07-09 -> none"
    )
    [bessent] = [
        c
        for c in json.loads(run_ok(run_cli, db, "diff", "2025-04-24", "2025-08-07", "--json"))
        if c["key"] == "Scott Bessent"
    ]
    new = [
        m["date"] for m in bessent["after"]["meetings"] if m not in bessent["before"]["meetings"]
    ]
    assert details[("meetings", "Scott Bessent")] == (
        f"count: 2 -> 3; last: 2025-04-24 -> 2025-07-30; meetings: +{new[0]}"
    )
    assert "upcoming: +2025-08-12" in details[("meetings", "Donald Trump")]
    later = run_cli("--db", db, "diff", "2025-01-01", "2026-06-30").stdout
    assert "status: missed, target: $20.0bn, actual: $9.5bn" in later
    assert "value: $70.9bn -> $72.0bn" in later and "previous: none -> 2023: $70.9bn" in later
