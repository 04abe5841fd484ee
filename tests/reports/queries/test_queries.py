"""The report aggregations agree with the rows counted one by one, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from reports.queries import activities, cases, media, meetings, people, rows
from storage.area_scope import utc_bounds
from storage.models.cases import Case, CaseEvent, CaseEventKind
from storage.personal_data import mask_nik
from tests.reports.counts import count_by_hand
from tests.reports.week import (
    KECAMATAN,
    NOW,
    PASTEUR,
    WEEK_END,
    WEEK_START,
    build_week,
)

SPAN = {"start": WEEK_START, "end": WEEK_END}


def test_a_week_in_a_kecamatan_is_counted_as_the_rows_say(engine: Engine) -> None:
    week = build_week(engine)
    expected = count_by_hand(engine, KECAMATAN, WEEK_START, WEEK_END, NOW)
    start_utc, end_utc = utc_bounds(WEEK_START, WEEK_END, "Asia/Jakarta")
    with Session(engine) as session:
        scope = {"session": session, "area_code": KECAMATAN}
        by_type = activities.activities_by_type(**scope, **SPAN)
        assert {r.code: (r.activities, r.people_reached) for r in by_type} == expected.by_type
        assert by_type[0].code == "bansos"  # most frequent first
        by_role = activities.activities_by_role(**scope, **SPAN)
        assert {r.code: r.count for r in by_role} == expected.by_role
        new = cases.new_cases_by_ppks(**scope, **SPAN)
        assert {None if r.code is None else int(r.code): r.count for r in new} == (
            expected.new_cases
        )
        statuses = cases.cases_by_status(session=session, area_code=KECAMATAN, end=WEEK_END)
        assert {r.code: r.count for r in statuses} == expected.statuses
        referrals = cases.referrals_by_destination(**scope, **SPAN)
        assert {r.code: r.count for r in referrals} == expected.referrals
        stale = cases.stale_cases(
            session=session, area_code=KECAMATAN, end=WEEK_END, end_utc=end_utc
        )
        assert {s.case_id: s.days for s in stale} == expected.stale
        silent = people.silent_psm(**scope, **SPAN)
        assert sorted(p.name for p in silent) == expected.silent
        photos = media.photos_received(**scope, start_utc=start_utc, end_utc=end_utc)
        assert sum(photos.values()) == expected.photos
        held = meetings.meetings_between(**scope, start_utc=start_utc, end_utc=end_utc)
        assert [(m.title, m.invited, m.attended) for m in held] == expected.meetings

    # The traps, spelled out: what the week must show and must not.
    assert expected.by_type == {
        "bansos": (2, 72),
        "kunjungan": (1, 1),
        "rapat": (1, 8),
        "sosialisasi": (1, 25),
        "verval": (1, 0),
    }
    assert expected.referrals == {"puskesmas": 1, "rumah_sakit": 1}
    assert expected.stale == {week.cases["stale_old"]: 26, week.cases["stale_edge"]: 14}
    assert expected.silent == ["Asep Hidayat", "Neneng Suryani"]
    assert expected.photos == 5  # 3 of activities, 1 of a case, 1 of the meeting
    assert expected.meetings == [("Rapat rutin PSM Sukajadi", 5, 3)]


def test_a_kota_report_takes_in_every_kecamatan(engine: Engine) -> None:
    build_week(engine)
    expected = count_by_hand(engine, "32.73", WEEK_START, WEEK_END, NOW)
    with Session(engine) as session:
        by_type = activities.activities_by_type(
            session=session, area_code="32.73", start=WEEK_START, end=WEEK_END
        )
        referrals = cases.referrals_by_destination(
            session=session, area_code="32.73", start=WEEK_START, end=WEEK_END
        )
    assert {r.code: (r.activities, r.people_reached) for r in by_type} == expected.by_type
    assert expected.by_type["bansos"] == (3, 122)  # Sarijadi's distribution counts here
    assert {r.code: r.count for r in referrals} == {
        "puskesmas": 1,
        "rumah_sakit": 1,
        "dinas_sosial": 1,
    }


def test_a_kelurahan_sees_only_its_own_work(engine: Engine) -> None:
    build_week(engine)
    with Session(engine) as session:
        by_type = activities.activities_by_type(
            session=session, area_code="32.73.07.1001", start=WEEK_START, end=WEEK_END
        )
        silent = people.silent_psm(
            session=session, area_code="32.73.07.1001", start=WEEK_START, end=WEEK_END
        )
    assert {r.code: r.activities for r in by_type} == {
        "bansos": 1,
        "kunjungan": 1,
        "rapat": 1,
        "sosialisasi": 1,
    }
    assert silent == []


def test_the_previous_week_is_its_own_period(engine: Engine) -> None:
    build_week(engine)
    with Session(engine) as session:
        by_type = activities.activities_by_type(
            session=session,
            area_code=KECAMATAN,
            start=WEEK_START.replace(day=2),
            end=WEEK_START,
        )
        new = cases.new_cases_by_ppks(
            session=session, area_code=KECAMATAN, start=WEEK_START.replace(day=2), end=WEEK_START
        )
    assert {r.code: r.activities for r in by_type} == {
        "bansos": 1,
        "kunjungan": 1,
        "sosialisasi": 1,
    }
    assert [(r.code, r.count) for r in new] == [("24", 1)]


def test_export_rows_mask_the_nik_and_leave_out_deleted_records(engine: Engine) -> None:
    week = build_week(engine)
    with Session(engine) as session:
        case_rows = rows.case_rows(session=session, area_code=KECAMATAN)
        activity_rows = rows.activity_rows(session=session, area_code=KECAMATAN, **SPAN)
    by_id = {r["id"]: r for r in case_rows}
    assert week.cases["deleted"] not in by_id and week.cases["neighbour"] not in by_id
    assert by_id[week.cases["miskin"]]["nik_masked"] == "3273********0001"
    assert "3273011203900001" not in str(case_rows)
    assert by_id[week.cases["odgj"]]["media_count"] == 1
    assert len(activity_rows) == 6
    assert sum(r["media_count"] for r in activity_rows) == 4  # the next-week photo included


def test_a_nik_is_masked_whatever_its_length() -> None:
    assert mask_nik("3273011203900001") == "3273********0001"
    assert mask_nik(None) == ""
    assert mask_nik("1234") == "****"


def test_a_case_is_stale_by_its_last_news_or_its_opening(engine: Engine) -> None:
    """No event since the cut-off is no news; a case without any event dates from its opening,
    and an event after the period's end is not news for that period."""
    week = build_week(engine)
    siti = week.people["siti"]
    _, end_utc = utc_bounds(WEEK_START, WEEK_END, "Asia/Jakarta")
    with Session(engine) as session:

        def add(opened: date, *events: date) -> int:
            row = Case(
                reporter_id=siti.id or 0,
                area_code=PASTEUR,
                client_name="Klien uji",
                opened_on=opened,
                consent_given=True,
            )
            session.add(row)
            session.flush()
            for day in events:
                session.add(
                    CaseEvent(
                        case_id=row.id or 0,
                        kind=CaseEventKind.VISIT,
                        actor_id=siti.id,
                        occurred_on=day,
                    )
                )
            return row.id or 0

        imported = add(date(2026, 10, 10))  # never followed up: 36 days by 15 Nov
        recent = add(date(2026, 10, 12), date(2026, 11, 3))  # news 12 days before: fresh
        after = add(date(2026, 10, 1), date(2026, 10, 15), date(2026, 11, 20))
        just_opened = add(date(2026, 11, 10))
        session.commit()
        stale = {
            s.case_id: s.days
            for s in cases.stale_cases(
                session=session, area_code=KECAMATAN, end=WEEK_END, end_utc=end_utc
            )
        }
        total = cases.stale_count(
            session=session, area_code=KECAMATAN, end=WEEK_END, end_utc=end_utc
        )
    expected = count_by_hand(engine, KECAMATAN, WEEK_START, WEEK_END, NOW).stale
    assert stale == expected
    assert total == len(stale)
    assert stale[imported] == 36
    assert stale[after] == 31  # the visit of 20 Nov came after the week
    assert recent not in stale and just_opened not in stale
