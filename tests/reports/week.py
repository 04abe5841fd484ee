"""A realistic week of PSM work in Kec. Sukajadi (ISO week 2026-W46, 9-15 Nov), with traps.

Traps: a neighbouring kecamatan's work, the previous and next week's work, a deleted activity
and case, photos received just inside and just outside the week in WIB (not UTC), a cancelled
meeting, an inactive PSM, a PSM whose only record this week is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from storage.db import transaction
from storage.models.activities import Activity
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance
from storage.models.people import Identity, Person, PersonRole
from storage.region_list import official_subset
from storage.region_sync import insert_regions

WIB = ZoneInfo("Asia/Jakarta")
WEEK_START, WEEK_END = date(2026, 11, 9), date(2026, 11, 16)
# Monday 16 Nov 2026, 07:00 WIB: when the weekly summary goes out.
NOW = datetime(2026, 11, 16, 7, 0, tzinfo=WIB).astimezone(UTC)
KECAMATAN = "32.73.07"
PASTEUR, CIPEDES, SUKAWARNA, SARIJADI = (
    "32.73.07.1001",
    "32.73.07.1002",
    "32.73.07.1003",
    "32.73.01.1004",
)


def wib(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A local (WIB) time as the UTC instant the database stores."""
    return datetime.combine(day, time(hour, minute), WIB).astimezone(UTC)


@dataclass
class Week:
    """Who is who in the built week."""

    people: dict[str, Person] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)


def build_week(engine: Engine) -> Week:
    """Write the week's regions, people, activities, cases, photos and meetings."""
    week = Week()
    with transaction(engine) as session:
        insert_regions(
            session=session, records=official_subset([PASTEUR, CIPEDES, SUKAWARNA, SARIJADI])
        )

        def person(key: str, name: str, role: PersonRole, area: str, **extra: Any) -> Person:
            row = Person(
                name=name,
                phone=f"+62812000{len(week.people):05d}",
                role=role,
                area_code=area,
                **extra,
            )
            session.add(row)
            session.flush()
            session.add(
                Identity(
                    urn=f"sim:{row.phone}",
                    channel="sim",
                    address=row.phone or "",
                    person_id=row.id,
                    created_at=wib(date(2026, 10, 1)),
                    last_inbound_at=wib(date(2026, 11, 2)),
                )
            )
            week.people[key] = row
            return row

        person("tksk", "Hendra Gunawan", PersonRole.TKSK, KECAMATAN)
        person("dinsos", "Rika Anggraeni", PersonRole.DINSOS, "32.73")
        siti = person("siti", "Siti Aminah", PersonRole.PSM, PASTEUR)
        dedi = person("dedi", "Dedi Supriadi", PersonRole.KETUA_PSM, PASTEUR)
        euis = person("euis", "Euis Kurniasih", PersonRole.PSM, CIPEDES)
        asep = person("asep", "Asep Hidayat", PersonRole.PSM, CIPEDES)
        neneng = person("neneng", "Neneng Suryani", PersonRole.PSM, SUKAWARNA)
        lilis = person("lilis", "Lilis Marlina", PersonRole.PSM, SUKAWARNA)
        person("ujang", "Ujang Saepudin", PersonRole.PSM, SUKAWARNA, active=False)
        yayan = person("yayan", "Yayan Sopandi", PersonRole.PSM, SARIJADI)

        def activity(
            who: Person,
            area: str,
            kind: str,
            day: date,
            reached: int | None,
            role: str | None,
            *,
            deleted: bool = False,
            photos: tuple[datetime, ...] = (),
        ) -> Activity:
            row = Activity(
                reporter_id=who.id or 0,
                area_code=area,
                activity_type=kind,
                occurred_on=day,
                people_reached=reached,
                psm_role=role,
                rw="05",
                created_at=wib(day, 16),
                deleted_at=wib(day, 18) if deleted else None,
            )
            session.add(row)
            session.flush()
            for received in photos:
                photo(received, uploaded_by=who.id, activity_id=row.id)
            return row

        def photo(received: datetime, **links: Any) -> None:
            session.add(
                Media(
                    sha256=f"{received.timestamp():.0f}{links}"[:64],
                    path="2026/11/x.jpg",
                    content_type="image/jpeg",
                    size_bytes=1000,
                    created_at=received,
                    **links,
                )
            )

        d = date
        # The week itself.
        activity(
            siti,
            PASTEUR,
            "bansos",
            d(2026, 11, 9),
            32,
            "dinamisator",
            photos=(wib(d(2026, 11, 9), 5), wib(d(2026, 11, 9), 5, 1)),
        )
        activity(siti, PASTEUR, "kunjungan", d(2026, 11, 11), 1, "inisiator")
        activity(dedi, PASTEUR, "rapat", d(2026, 11, 12), 8, "administrator")
        activity(
            dedi,
            PASTEUR,
            "sosialisasi",
            d(2026, 11, 15),
            25,
            "motivator",
            photos=(wib(d(2026, 11, 15), 20),),
        )
        activity(euis, CIPEDES, "bansos", d(2026, 11, 10), 40, "dinamisator")
        activity(
            euis,
            CIPEDES,
            "verval",
            d(2026, 11, 13),
            None,
            None,
            # Received Monday 00:30 WIB: next week, although still Sunday in UTC.
            photos=(wib(d(2026, 11, 16), 0, 30),),
        )
        activity(
            neneng,
            SUKAWARNA,
            "permakanan",
            d(2026, 11, 11),
            12,
            "dinamisator",
            deleted=True,
            photos=(wib(d(2026, 11, 11), 12),),
        )
        # Next week (today) and the previous week.
        activity(euis, CIPEDES, "kube", d(2026, 11, 16), 6, "motivator")
        activity(siti, PASTEUR, "bansos", d(2026, 11, 8), 20, "dinamisator")
        activity(asep, CIPEDES, "kunjungan", d(2026, 11, 3), 1, "inisiator")
        activity(euis, CIPEDES, "sosialisasi", d(2026, 11, 5), 15, "motivator")
        # The neighbouring kecamatan, same week.
        activity(
            yayan,
            SARIJADI,
            "bansos",
            d(2026, 11, 11),
            50,
            "dinamisator",
            photos=(wib(d(2026, 11, 11), 9),),
        )

        def case(
            key: str,
            who: Person,
            area: str,
            ppks: int | None,
            opened: date,
            events: tuple[tuple[CaseEventKind, date, dict[str, Any]], ...] = (),
            *,
            status: CaseStatus = CaseStatus.OPEN,
            referral: str | None = None,
            nik: str | None = None,
            closed: datetime | None = None,
            deleted: bool = False,
        ) -> Case:
            row = Case(
                reporter_id=who.id or 0,
                area_code=area,
                client_name=f"Klien {key}",
                ppks=ppks,
                opened_on=opened,
                status=status,
                referral=referral,
                nik=nik,
                consent_given=True,
                closed_at=closed,
                deleted_at=wib(opened, 20) if deleted else None,
                created_at=wib(opened),
            )
            session.add(row)
            session.flush()
            week.cases[key] = row.id or 0
            session.add(
                CaseEvent(
                    case_id=row.id or 0,
                    kind=CaseEventKind.OPENED,
                    actor_id=who.id,
                    occurred_on=opened,
                )
            )
            for kind, day, data in events:
                event = CaseEvent(
                    case_id=row.id or 0, kind=kind, actor_id=who.id, occurred_on=day, data=data
                )
                session.add(event)
            session.flush()
            return row

        referral = CaseEventKind.REFERRAL
        visit = CaseEventKind.VISIT
        case(
            "lansia",
            siti,
            PASTEUR,
            8,
            d(2026, 11, 9),
            ((referral, d(2026, 11, 11), {"destination": "puskesmas"}),),
            status=CaseStatus.REFERRED,
            referral="puskesmas",
        )
        odgj = case(
            "odgj",
            euis,
            CIPEDES,
            9,
            d(2026, 11, 12),
            ((referral, d(2026, 11, 13), {"destination": "rumah_sakit"}),),
            status=CaseStatus.REFERRED,
            referral="rumah_sakit",
        )
        photo(wib(d(2026, 11, 13), 11), uploaded_by=euis.id, case_id=odgj.id)
        case("miskin", dedi, PASTEUR, 24, d(2026, 11, 14), nik="3273011203900001")
        case("unclassified", siti, PASTEUR, None, d(2026, 11, 15))
        case(
            "visited",
            lilis,
            SUKAWARNA,
            8,
            d(2026, 10, 5),
            ((visit, d(2026, 11, 10), {}),),
            status=CaseStatus.IN_PROGRESS,
        )
        case("stale_old", siti, PASTEUR, 19, d(2026, 10, 20))
        case(
            "stale_edge",
            euis,
            CIPEDES,
            2,
            d(2026, 10, 25),
            ((visit, d(2026, 11, 1), {}),),
            status=CaseStatus.IN_PROGRESS,
        )
        case(
            "fresh",
            asep,
            CIPEDES,
            11,
            d(2026, 10, 28),
            ((visit, d(2026, 11, 2), {}),),
            status=CaseStatus.IN_PROGRESS,
        )
        case(
            "closed",
            euis,
            CIPEDES,
            8,
            d(2026, 9, 1),
            status=CaseStatus.CLOSED,
            closed=wib(d(2026, 10, 1)),
        )
        case(
            "deleted",
            siti,
            PASTEUR,
            8,
            d(2026, 11, 10),
            ((referral, d(2026, 11, 10), {"destination": "panti"}),),
            status=CaseStatus.REFERRED,
            referral="panti",
            deleted=True,
        )
        case(
            "neighbour",
            yayan,
            SARIJADI,
            8,
            d(2026, 11, 11),
            ((referral, d(2026, 11, 12), {"destination": "dinas_sosial"}),),
            status=CaseStatus.REFERRED,
            referral="dinas_sosial",
        )
        case(
            "last_week",
            asep,
            CIPEDES,
            24,
            d(2026, 11, 4),
            ((referral, d(2026, 11, 6), {"destination": "dinas_sosial"}),),
            status=CaseStatus.REFERRED,
            referral="dinas_sosial",
        )

        def meeting(
            area: str,
            title: str,
            starts: datetime,
            status: str,
            invitees: list[tuple[Person, bool]],
        ) -> Meeting:
            row = Meeting(
                organiser_id=dedi.id or 0,
                area_code=area,
                title=title,
                place="Aula Kelurahan",
                starts_at=starts,
                status=status,
            )
            session.add(row)
            session.flush()
            for who, came in invitees:
                session.add(
                    MeetingAttendance(meeting_id=row.id or 0, person_id=who.id or 0, attended=came)
                )
            return row

        held = meeting(
            KECAMATAN,
            "Rapat rutin PSM Sukajadi",
            wib(d(2026, 11, 10), 9),
            "held",
            [(siti, True), (dedi, True), (euis, True), (asep, False), (neneng, False)],
        )
        photo(wib(d(2026, 11, 10), 11), uploaded_by=dedi.id, meeting_id=held.id)
        meeting(
            CIPEDES, "Koordinasi Cipedes", wib(d(2026, 11, 12), 9), "cancelled", [(euis, False)]
        )
        meeting(PASTEUR, "Rapat rutin PSM Pasteur", wib(d(2026, 11, 17), 9), "scheduled", [])
        meeting(SARIJADI, "Rapat Sarijadi", wib(d(2026, 11, 11), 9), "held", [(yayan, True)])
    return week
