"""Meetings per counterpart, org and country; upcoming meetings and cancellations."""

from __future__ import annotations

import pytest
from attrs import evolve

from tracker.model import Event, MeetingHeld, Person
from tracker.projections import rows_to_json
from tracker.projections.meetings import MeetingItem, MeetingRow, UpcomingItem, meeting_rows

from .builders import cancelled, d, held, person, scheduled

GREER = person("Jamieson Greer", "USTR")
TAI = person("Katherine Tai", "USTR")
BESSENT = person("Scott Bessent", "Treasury")
LUTNICK = person("Howard Lutnick", "Commerce")
ITIF = person(org="ITIF")
NOBODY = person("Somebody", None, None)


def rows(log: list[Event], as_of: str, by: str = "counterpart") -> dict[str, MeetingRow]:
    return {row.counterpart: row for row in meeting_rows(log, d(as_of), by)}  # type: ignore[arg-type]


def test_each_person_of_theirs_counts_with_first_last_and_the_list() -> None:
    log: list[Event] = [
        held("2025-04-24", [BESSENT, GREER], eid="2plus2", format="2+2"),
        held("2025-05-16", [GREER], eid="jeju"),
    ]
    got = rows(log, "2025-05-16")
    assert sorted(got) == ["Jamieson Greer", "Scott Bessent"]
    greer = got["Jamieson Greer"]
    assert (greer.count, greer.first, greer.last) == (2, d("2025-04-24"), d("2025-05-16"))
    assert greer.meetings == (
        MeetingItem("2plus2", d("2025-04-24"), "meeting 2025-04-24", "2+2"),
        MeetingItem("jeju", d("2025-05-16"), "meeting 2025-05-16", None),
    )
    assert (greer.org, greer.country) == ("USTR", "US")
    assert got["Scott Bessent"].count == 1
    assert greer.event_ids == ("2plus2", "jeju")


def test_a_person_without_a_name_is_counted_by_organisation() -> None:
    got = rows([held("2026-01-13", [ITIF])], "2026-01-13")
    assert list(got) == ["ITIF"]
    assert got["ITIF"].org == "ITIF"


def test_meetings_are_counted_as_of_the_end_of_the_day() -> None:
    log: list[Event] = [held("2025-04-24", [GREER]), held("2025-05-16", [GREER])]
    assert rows(log, "2025-04-23") == {}
    assert rows(log, "2025-05-15")["Jamieson Greer"].count == 1
    assert rows(log, "2025-05-16")["Jamieson Greer"].count == 2


def test_by_org_a_meeting_counts_once_and_people_without_org_have_a_row_of_their_own() -> None:
    log: list[Event] = [
        held("2025-04-24", [GREER, TAI, BESSENT]),
        held("2025-05-01", [NOBODY]),
        held("2025-05-02", [NOBODY, GREER]),
    ]
    by_org = meeting_rows(log, d("2025-05-02"), "org")
    assert [row.counterpart for row in by_org] == ["Treasury", "USTR", "(no org)"]
    got = {row.counterpart: row for row in by_org}
    assert (got["USTR"].count, got["USTR"].org, got["USTR"].country) == (2, "USTR", "US")
    nobody = got["(no org)"]
    assert (nobody.count, nobody.org, nobody.country) == (2, None, None)
    assert nobody.event_ids == tuple(m.id for m in log[1:])


def test_every_meeting_is_in_some_row_of_every_view() -> None:
    log: list[Event] = [
        held("2025-04-24", [GREER]),
        held("2025-05-01", [NOBODY]),
        held("2025-05-02", [ITIF]),
    ]
    for by in ("counterpart", "org", "country"):
        found = {i for row in meeting_rows(log, d("2025-05-02"), by) for i in row.event_ids}  # type: ignore[arg-type]
        assert found == {m.id for m in log}, by


def test_by_country() -> None:
    log: list[Event] = [
        held("2025-04-24", [GREER, BESSENT]),
        held("2025-05-01", [person("Ishiba", "Cabinet", "JP")]),
        held("2025-05-02", [NOBODY]),
    ]
    got = rows(log, "2025-05-02", by="country")
    assert list(got) == ["JP", "US", "(no country)"]
    assert (got["US"].count, got["US"].org, got["US"].country) == (1, None, "US")
    assert (got["(no country)"].count, got["(no country)"].country) == (1, None)


def test_org_and_country_are_the_latest_given() -> None:
    log: list[Event] = [
        held("2025-01-10", [person("Katherine Tai", "USTR")]),
        held("2025-06-10", [person("Katherine Tai", "CSIS")]),
    ]
    assert rows(log, "2025-06-10")["Katherine Tai"].org == "CSIS"


def test_upcoming_is_strictly_after_as_of() -> None:
    log: list[Event] = [scheduled("2025-08-12", "2025-08-25", [GREER], eid="summit")]
    item = UpcomingItem(
        "summit", d("2025-08-12"), d("2025-08-25"), "meeting planned for 2025-08-25"
    )
    assert rows(log, "2025-08-11") == {}
    assert rows(log, "2025-08-12")["Jamieson Greer"].upcoming == (item,)
    assert rows(log, "2025-08-24")["Jamieson Greer"].upcoming == (item,)
    assert rows(log, "2025-08-25") == {}


def test_a_counterpart_with_only_upcoming_meetings_gets_a_row_with_count_zero() -> None:
    got = rows([scheduled("2025-07-22", "2025-07-25", [BESSENT], eid="s")], "2025-07-22")
    row = got["Scott Bessent"]
    assert (row.count, row.first, row.last, row.meetings) == (0, None, None, ())
    assert row.event_ids == ("s",)


def test_a_scheduled_meeting_is_upcoming_for_each_of_theirs() -> None:
    got = rows([scheduled("2025-07-22", "2025-07-25", [BESSENT, GREER])], "2025-07-22")
    assert [len(row.upcoming) for row in got.values()] == [1, 1]


def test_upcoming_is_sorted_by_for_date() -> None:
    log: list[Event] = [
        scheduled("2025-07-01", "2025-09-01", [GREER], eid="later"),
        scheduled("2025-07-02", "2025-08-01", [GREER], eid="sooner"),
    ]
    got = rows(log, "2025-07-02")["Jamieson Greer"]
    assert [item.id for item in got.upcoming] == ["sooner", "later"]


def test_a_cancellation_naming_the_scheduling_counts_from_its_date() -> None:
    log: list[Event] = [
        scheduled("2025-07-22", "2025-07-25", [BESSENT, GREER], eid="2plus2"),
        scheduled("2025-07-22", "2025-07-25", [GREER], eid="other"),
        cancelled("2025-07-23", "2025-07-25", [BESSENT], scheduled="2plus2"),
    ]
    assert "Scott Bessent" in rows(log, "2025-07-22")
    got = rows(log, "2025-07-23")
    assert "Scott Bessent" not in got
    assert [item.id for item in got["Jamieson Greer"].upcoming] == ["other"]


def test_a_cancellation_without_id_calls_off_same_day_schedulings_sharing_a_person() -> None:
    log: list[Event] = [
        scheduled("2025-07-22", "2025-07-25", [BESSENT, GREER], eid="2plus2"),
        scheduled("2025-07-22", "2025-07-26", [BESSENT], eid="other-day"),
        scheduled("2025-07-22", "2025-07-25", [LUTNICK], eid="no-shared-person"),
        cancelled("2025-07-23", "2025-07-25", [GREER]),
    ]
    got = rows(log, "2025-07-23")
    assert [item.id for item in got["Scott Bessent"].upcoming] == ["other-day"]
    assert "Jamieson Greer" not in got
    assert [item.id for item in got["Howard Lutnick"].upcoming] == ["no-shared-person"]


def test_sharing_only_our_side_does_not_call_a_meeting_off() -> None:
    log: list[Event] = [
        scheduled("2025-07-22", "2025-07-25", [BESSENT], eid="kept"),
        cancelled("2025-07-23", "2025-07-25", [person("Someone Else")]),
    ]
    assert [item.id for item in rows(log, "2025-07-23")["Scott Bessent"].upcoming] == ["kept"]


def test_a_cancellation_does_not_call_off_a_later_scheduling() -> None:
    log: list[Event] = [
        scheduled("2025-07-20", "2025-07-25", [BESSENT], eid="first"),
        cancelled("2025-07-21", "2025-07-25", [BESSENT]),
        scheduled("2025-07-22", "2025-07-25", [BESSENT], eid="again"),
    ]
    got = rows(log, "2025-07-22")
    assert [item.id for item in got["Scott Bessent"].upcoming] == ["again"]


def test_the_json_keys_are_the_public_contract() -> None:
    log: list[Event] = [held("2025-04-24", [GREER]), scheduled("2025-04-24", "2025-05-01", [GREER])]
    [row] = rows_to_json(meeting_rows(log, d("2025-04-24")))
    assert list(row) == [
        "counterpart",
        "org",
        "country",
        "count",
        "first",
        "last",
        "meetings",
        "upcoming",
        "event_ids",
    ]
    assert list(row["meetings"][0]) == ["id", "date", "title", "format"]
    assert list(row["upcoming"][0]) == ["id", "date", "for_date", "title"]


# -- "how often has our trade minister met the USTR?": --ours and --with --------

CHEONG = Person(name="Cheong In-kyo", role="Trade Minister", org="MOTIE", country="KR")
YEO = Person(name="Yeo Han-koo", role="Trade Minister", org="MOTIR", country="KR")
AHN = Person(
    name="Ahn Duk-geun", role="Minister of Trade, Industry and Energy", org="MOTIE", country="KR"
)
KIMMITT = person("William Kimmitt", "Department of Commerce")
KIM = Person(name="Kim Jung-kwan", org="MOTIE", country="KR")
USTR_STAFF = person(org="USTR")
GREER_FULL = Person(name="Jamieson Greer", role="U.S. Trade Representative", org="USTR")


def ours_held(date: str, ours: list[Person], theirs: list[Person], eid: str) -> MeetingHeld:
    return evolve(held(date, theirs, eid=eid), ours=tuple(ours))


MINISTER_LOG: list[Event] = [
    ours_held("2025-04-08", [CHEONG], [GREER_FULL], "cheong-greer"),
    ours_held("2025-04-24", [AHN], [GREER_FULL, BESSENT], "ahn-2plus2"),
    ours_held("2025-05-01", [person(org="MOTIE", country="KR")], [USTR_STAFF], "technical"),
    ours_held("2025-06-22", [YEO], [GREER_FULL, LUTNICK], "yeo-round"),
    ours_held("2026-01-29", [YEO], [USTR_STAFF, person(org="U.S. Congress")], "yeo-visit"),
]


def test_ours_by_role_and_with_by_org_is_one_row_counting_each_meeting_once() -> None:
    [row] = meeting_rows(MINISTER_LOG, d("2026-03-31"), ours="Trade Minister", theirs="USTR")
    assert (row.counterpart, row.org, row.count) == ("USTR", "USTR", 3)
    assert (row.first, row.last) == (d("2025-04-08"), d("2026-01-29"))
    assert row.event_ids == ("cheong-greer", "yeo-round", "yeo-visit")


def test_with_by_name_gives_the_person_and_only_people_who_match() -> None:
    got = meeting_rows(MINISTER_LOG, d("2026-03-31"), theirs="greer")
    assert [(r.counterpart, r.count) for r in got] == [("Jamieson Greer", 3)]
    mine = meeting_rows(MINISTER_LOG, d("2026-03-31"), ours="Yeo", theirs="Greer")
    assert [(r.counterpart, r.count, r.last) for r in mine] == [
        ("Jamieson Greer", 1, d("2025-06-22"))
    ]


def test_ours_alone_keeps_every_counterpart_of_those_meetings() -> None:
    got = {r.counterpart: r.count for r in meeting_rows(MINISTER_LOG, d("2026-03-31"), ours="YEO")}
    assert got == {"Howard Lutnick": 1, "Jamieson Greer": 1, "U.S. Congress": 1, "USTR": 1}


def test_matching_is_whole_words_in_order_any_case() -> None:
    log: list[Event] = [
        ours_held("2025-04-08", [KIM], [KIMMITT], "kim-kimmitt"),
        *MINISTER_LOG,
    ]
    as_of = d("2026-03-31")
    assert [r.counterpart for r in meeting_rows(log, as_of, theirs="Kim")] == []
    assert [r.counterpart for r in meeting_rows(log, as_of, theirs="kimmitt")] == [
        "William Kimmitt"
    ]
    assert len(meeting_rows(log, as_of, ours="Kim")) == 1
    # "Minister Trade" is not "Trade Minister"; Ahn's role holds both words, apart
    assert meeting_rows(log, as_of, ours="Minister Trade") == []
    assert {r.counterpart for r in meeting_rows(log, as_of, ours="minister")} >= {"Scott Bessent"}


def test_an_explicit_grouping_applies_to_the_matched_people_only() -> None:
    by_org = meeting_rows(MINISTER_LOG, d("2026-03-31"), "org", theirs="Greer")
    assert [(r.counterpart, r.count) for r in by_org] == [("USTR", 3)]
    by_person = meeting_rows(MINISTER_LOG, d("2026-03-31"), "counterpart", theirs="USTR")
    assert {r.counterpart: r.count for r in by_person} == {"Jamieson Greer": 3, "USTR": 2}


def test_upcoming_meetings_are_filtered_the_same_way() -> None:
    log: list[Event] = [
        *MINISTER_LOG,
        evolve(scheduled("2026-02-01", "2026-03-10", [GREER_FULL], eid="next"), ours=(YEO,)),
        evolve(scheduled("2026-02-01", "2026-03-11", [GREER_FULL], eid="other"), ours=(AHN,)),
    ]
    [row] = meeting_rows(log, d("2026-02-02"), ours="Trade Minister", theirs="USTR")
    assert [item.id for item in row.upcoming] == ["next"]


def test_an_empty_query_is_refused() -> None:
    with pytest.raises(ValueError, match="ours"):
        meeting_rows(MINISTER_LOG, d("2026-03-31"), ours=" - ")
