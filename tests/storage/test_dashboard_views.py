"""The dashboard's queries: PSM performance, roster, meetings, audit log; each bound to an area."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.audit import audit
from storage.audit_views import AuditFilter, actions_seen, actors_seen, audit_page
from storage.db import transaction
from storage.meeting_attendance import set_rsvp
from storage.meeting_views import meeting_detail, past, upcoming
from storage.models.audit import AuditLog
from storage.models.meetings import Meeting
from storage.models.people import Person, PersonRole
from storage.people_changes import Decision, decide_registration, set_active
from storage.people_management import Refusal
from storage.psm_performance import psm_performance
from storage.roster_views import (
    area_people,
    count_people,
    pending_registrations,
    person_in_area,
    roster_rows,
)
from tests.reports.week import KECAMATAN, NOW, PASTEUR, SARIJADI, build_week

NOVEMBER = (date(2026, 11, 1), date(2026, 12, 1))
YEAR = (date(2026, 1, 1), date(2027, 1, 1))
NEIGHBOUR = "32.73.01"  # Kec. Sukasari, where Sarijadi lies


def test_psm_performance_counts_each_psm_of_the_area_only(engine: Engine) -> None:
    week = build_week(engine)
    with Session(engine) as session:
        rows = psm_performance(
            session=session,
            area_code=KECAMATAN,
            month=NOVEMBER,
            year=YEAR,
            timezone="Asia/Jakarta",
        )
        neighbour = psm_performance(
            session=session,
            area_code=NEIGHBOUR,
            month=NOVEMBER,
            year=YEAR,
            timezone="Asia/Jakarta",
        )
    by_name = {row.name: row for row in rows}
    # Active PSM and ketua PSM of Sukajadi; Ujang (inactive) and Yayan (Sarijadi) are not.
    assert set(by_name) == {
        "Siti Aminah",
        "Dedi Supriadi",
        "Euis Kurniasih",
        "Asep Hidayat",
        "Neneng Suryani",
        "Lilis Marlina",
    }
    siti = by_name["Siti Aminah"]
    assert siti.person_id == week.people["siti"].id
    assert siti.month.activities_by_role == {"dinamisator": 2, "inisiator": 1}
    assert siti.month.cases_opened == 2  # the deleted case does not count
    assert siti.month.reports == 5
    assert siti.month.cases_handled == 2
    assert siti.month.meetings_attended == 1
    assert siti.year.cases_opened == 3  # October's case too
    assert siti.year.cases_handled == 3
    assert siti.last_report == date(2026, 11, 15)  # a case, after her last activity
    euis = by_name["Euis Kurniasih"]
    assert euis.month.activities_by_role == {"dinamisator": 1, None: 1, "motivator": 2}
    assert euis.last_report == date(2026, 11, 16)
    # Neneng's only activity is deleted; Lilis only visited an October case.
    assert by_name["Neneng Suryani"].month.reports == 0
    assert by_name["Neneng Suryani"].last_report is None
    assert by_name["Lilis Marlina"].month.cases_handled == 1
    assert [row.name for row in neighbour] == ["Yayan Sopandi"]
    assert neighbour[0].month.activities_by_role == {"dinamisator": 1}


def _pending(engine: Engine, name: str, phone: str, area: str) -> int:
    with transaction(engine) as session:
        person = Person(name=name, phone=phone, area_code=area, status="pending")
        session.add(person)
        session.flush()
        assert person.id is not None
        return person.id


def test_roster_lists_pending_and_people_of_the_area_masked(engine: Engine) -> None:
    week = build_week(engine)
    mine = _pending(engine, "Rina Pasteur", "+6281399990001", PASTEUR)
    _pending(engine, "Tono Sarijadi", "+6281399990002", SARIJADI)
    with Session(engine) as session:
        pending = pending_registrations(session=session, area_code=KECAMATAN)
        assert [entry.person.id for entry in pending] == [mine]
        people = area_people(session=session, area_code=KECAMATAN)
        names = [entry.person.name for entry in people]
        assert "Ujang Saepudin" in names  # inactive people are listed (to reactivate them)
        assert "Hendra Gunawan" in names  # the TKSK of the kecamatan
        assert "Yayan Sopandi" not in names and "Rika Anggraeni" not in names
        assert "Rina Pasteur" not in names  # pending is not on the roster yet
        assert count_people(session=session, area_code=KECAMATAN) == len(people)
        first = area_people(session=session, area_code=KECAMATAN, limit=3)
        rest = area_people(session=session, area_code=KECAMATAN, limit=100, offset=3)
        assert [e.person.id for e in first + rest] == [e.person.id for e in people]
        assert len(first) == 3
        rows = roster_rows(session=session, area_code=KECAMATAN)
        siti = next(row for row in rows if row["nama"] == "Siti Aminah")
        phone = week.people["siti"].phone or ""
        assert siti["telepon"] != phone and "****" in siti["telepon"]
        assert siti["telepon"].endswith(phone[-4:])
        assert siti["kode_wilayah"] == PASTEUR and siti["aktif"] is True
        yayan = week.people["yayan"].id or 0
        assert person_in_area(session=session, person_id=yayan, area_code=KECAMATAN) is None
        assert person_in_area(session=session, person_id=yayan, area_code=NEIGHBOUR) is not None


def test_meetings_of_the_area_with_rsvp_and_attendance(engine: Engine) -> None:
    week = build_week(engine)
    with transaction(engine) as session:
        routine = session.exec(
            select(Meeting).where(Meeting.title == "Rapat rutin PSM Pasteur")
        ).one()
        held = session.exec(
            select(Meeting).where(Meeting.title == "Rapat rutin PSM Sukajadi")
        ).one()
        assert routine.id is not None and held.id is not None
        set_rsvp(
            session=session,
            meeting_id=routine.id,
            person_id=week.people["siti"].id or 0,
            answer="hadir",
        )
        set_rsvp(
            session=session,
            meeting_id=routine.id,
            person_id=week.people["dedi"].id or 0,
            answer="izin",
            reason="sakit",
        )
        held.minutes = "Pembagian tugas bansos."
        session.add(held)
        routine_id, held_id = routine.id, held.id
    with Session(engine) as session:
        ahead = upcoming(session=session, area_code=KECAMATAN, now=NOW)
        assert [(m.title, m.rsvp_yes, m.rsvp_excused, m.rsvp_no) for m in ahead] == [
            ("Rapat rutin PSM Pasteur", 1, 1, 0)
        ]
        before, older = past(session=session, area_code=KECAMATAN, now=NOW)
        assert [(m.title, m.status, m.invited, m.attended) for m in before] == [
            ("Koordinasi Cipedes", "cancelled", 1, 0),
            ("Rapat rutin PSM Sukajadi", "held", 5, 3),
        ]
        assert older is False
        first, more = past(session=session, area_code=KECAMATAN, now=NOW, per_page=1)
        assert len(first) == 1 and more is True
        detail = meeting_detail(session=session, area_code=KECAMATAN, meeting_id=held_id)
        assert detail is not None and detail.minutes == "Pembagian tugas bansos."
        assert detail.row.has_minutes
        assert sum(1 for i in detail.invitees if i.attended) == 3
        plan = meeting_detail(session=session, area_code=KECAMATAN, meeting_id=routine_id)
        assert plan is not None
        assert {(i.name, i.rsvp, i.reason) for i in plan.invitees} == {
            ("Siti Aminah", "hadir", None),
            ("Dedi Supriadi", "izin", "sakit"),
        }
        sarijadi = session.exec(select(Meeting).where(Meeting.title == "Rapat Sarijadi")).one()
        assert sarijadi.id is not None
        assert meeting_detail(session=session, area_code=KECAMATAN, meeting_id=sarijadi.id) is None
        assert meeting_detail(session=session, area_code=NEIGHBOUR, meeting_id=sarijadi.id)


def test_registration_decisions_and_activation_follow_the_rank_rules(engine: Engine) -> None:
    week = build_week(engine)
    applicant_id = _pending(engine, "Rina Pasteur", "+6281399990001", PASTEUR)
    now = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)
    with transaction(engine) as session:
        neighbour_tksk = Person(
            name="Wawan Sukasari", phone="+6281399990003", role=PersonRole.TKSK, area_code=NEIGHBOUR
        )
        session.add(neighbour_tksk)
        session.flush()
        applicant = session.get(Person, applicant_id)
        tksk = session.get(Person, week.people["tksk"].id)
        siti = session.get(Person, week.people["siti"].id)
        assert applicant is not None and tksk is not None and siti is not None
        assert (
            decide_registration(
                session=session, manager=neighbour_tksk, applicant=applicant, approve=True, now=now
            )
            is Decision.NOT_ALLOWED
        )
        assert (
            decide_registration(
                session=session, manager=tksk, applicant=applicant, approve=True, now=now
            )
            is Decision.DECIDED
        )
        assert applicant.status == "approved" and applicant.approved_at == now
        assert (
            decide_registration(
                session=session, manager=tksk, applicant=applicant, approve=False, now=now
            )
            is Decision.ALREADY_DECIDED
        )
        assert set_active(
            session=session, manager=siti, person=applicant, active=False, now=now
        ) is (Refusal.NOT_COORDINATOR)
        assert set_active(session=session, manager=tksk, person=tksk, active=False, now=now) is (
            Refusal.SELF
        )
        assert (
            set_active(session=session, manager=neighbour_tksk, person=siti, active=False, now=now)
            is Refusal.OUT_OF_AREA
        )
        assert set_active(session=session, manager=tksk, person=siti, active=False, now=now) is None
        assert siti.active is False
    with Session(engine) as session:
        actions = [
            (row.action, row.subject_id)
            for row in session.exec(select(AuditLog).order_by(AuditLog.id)).all()
        ]
    assert actions == [
        ("person.approve", str(applicant_id)),
        ("person.deactivate", str(week.people["siti"].id)),
    ]


def test_audit_log_is_bound_to_the_area_filtered_and_paged(engine: Engine) -> None:
    week = build_week(engine)
    tksk, siti, yayan = (week.people[k].id for k in ("tksk", "siti", "yayan"))
    start = datetime(2026, 11, 10, tzinfo=UTC)
    with transaction(engine) as session:
        for action, actor, subject in (
            ("person.approve", tksk, siti),
            ("export.cases", tksk, None),
            ("person.deactivate", None, yayan),
            ("roster.import", None, None),
        ):
            audit(
                session=session,
                action=action,
                actor_id=actor,
                actor_label=None if actor else "cli",
                subject_type="person" if subject else "area",
                subject_id=subject or KECAMATAN,
            )
            session.flush()
        for row, minutes in zip(
            session.exec(select(AuditLog).order_by(AuditLog.id)).all(), (0, 10, 20, 30), strict=True
        ):
            row.at = start + timedelta(minutes=minutes)
            session.add(row)
    with Session(engine) as session:
        everything = AuditFilter()
        mine = audit_page(session=session, area_code=KECAMATAN, chosen=everything)
        assert [e.action for e in mine.entries] == ["export.cases", "person.approve"]
        assert mine.entries[1].subject_name == "Siti Aminah"
        assert mine.entries[1].actor_name == "Hendra Gunawan"
        neighbour = audit_page(session=session, area_code=NEIGHBOUR, chosen=everything)
        assert [e.action for e in neighbour.entries] == ["person.deactivate"]
        every = audit_page(session=session, area_code=None, chosen=everything)
        assert [e.action for e in every.entries] == [
            "roster.import",
            "person.deactivate",
            "export.cases",
            "person.approve",
        ]
        people = audit_page(session=session, area_code=None, chosen=AuditFilter(action="person"))
        assert {e.action for e in people.entries} == {"person.approve", "person.deactivate"}
        by_tksk = audit_page(session=session, area_code=None, chosen=AuditFilter(actor_id=tksk))
        assert len(by_tksk.entries) == 2
        window = AuditFilter(
            start_utc=start + timedelta(minutes=5), end_utc=start + timedelta(minutes=25)
        )
        assert [
            e.action for e in audit_page(session=session, area_code=None, chosen=window).entries
        ] == [
            "person.deactivate",
            "export.cases",
        ]
        first = audit_page(session=session, area_code=None, chosen=everything, per_page=3)
        second = audit_page(session=session, area_code=None, chosen=everything, page=2, per_page=3)
        assert first.has_next and not second.has_next
        assert [e.action for e in second.entries] == ["person.approve"]
        assert actions_seen(session=session, area_code=KECAMATAN) == [
            "export.cases",
            "person.approve",
        ]
        assert actors_seen(session=session, area_code=KECAMATAN) == [(tksk, "Hendra Gunawan")]
