"""A realistic demo area: Kota Bandung, Kec. Sukajadi, with PSM, coordinators and recent work.

Areas are the official ones (Kemendagri codes and names, from the built-in region list); the
people, phones, cases and activities are invented.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from storage.db import transaction
from storage.models.activities import Activity, ActivityChange
from storage.models.cases import Case, CaseEvent, CaseEventKind, CaseStatus
from storage.models.people import Person, PersonRole
from storage.models.schedules import ReportSubscription
from storage.people import upsert_person
from storage.region_list import official_subset
from storage.region_sync import insert_regions

# The demo's kelurahan, in the order their PSM are numbered (Pasteur's start at 081200000030):
# Kec. Sukajadi (32.73.07) and two kelurahan of Kec. Sukasari (32.73.01), official codes.
VILLAGES = [
    "32.73.07.1003",  # Sukawarna
    "32.73.07.1004",  # Sukagalih
    "32.73.07.1005",  # Sukabungah
    "32.73.07.1002",  # Cipedes
    "32.73.07.1001",  # Pasteur
    "32.73.01.1004",  # Sarijadi
    "32.73.01.1002",  # Gegerkalong
]
FIRST_NAMES = [
    "Siti",
    "Dedi",
    "Euis",
    "Asep",
    "Neneng",
    "Ujang",
    "Rina",
    "Yayan",
    "Lilis",
    "Agus",
    "Dewi",
    "Cecep",
    "Tati",
    "Iwan",
    "Nining",
    "Hendra",
    "Wulan",
    "Dadang",
    "Imas",
    "Budi",
    "Yuli",
    "Rudi",
    "Ani",
    "Jajang",
    "Sri",
    "Eko",
    "Nur",
    "Dian",
]
LAST_NAMES = [
    "Rahmawati",
    "Supriadi",
    "Kurniasih",
    "Hidayat",
    "Suryani",
    "Saepudin",
    "Marlina",
    "Sopandi",
    "Nurhayati",
    "Setiawan",
    "Lestari",
    "Mulyana",
]
ACTIVITY_PLAN = [
    # (type, role, people reached range, description)
    ("bansos", "dinamisator", (20, 60), "Pendampingan penyaluran BPNT di balai RW"),
    ("verval", "administrator", (8, 30), "Verval data DTKS"),
    ("sosialisasi", "motivator", (10, 40), "Sosialisasi PKH di masjid"),
    ("permakanan", "dinamisator", (15, 40), "Distribusi permakanan lansia tunggal"),
    ("rapat", "administrator", (5, 15), "Rapat koordinasi PSM kelurahan"),
    ("kube", "motivator", (5, 12), "Pendampingan KUBE produksi keripik"),
    ("kunjungan", "inisiator", (1, 1), "Kunjungan rumah warga lansia"),
]
CASE_PLAN = [
    (8, "Lansia tinggal sendiri, kondisi lemah", "puskesmas"),
    (9, "ODGJ belum mendapat pengobatan rutin", "rumah_sakit"),
    (24, "Keluarga miskin belum terdaftar DTKS", "dinas_sosial"),
    (19, "Dugaan KDRT, korban ibu rumah tangga", "uptd_ppa"),
    (2, "Anak putus sekolah, orang tua tidak mampu", None),
    (11, "Gelandangan di sekitar pasar", "dinas_sosial"),
    (22, "Korban kebakaran rumah petak", None),
]


def _phone(n: int) -> str:
    return f"+6281200{n:06d}"


def is_empty(engine: Engine) -> bool:
    """True when no person is registered yet."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Person)).one() == 0


def seed_demo(engine: Engine, *, today: date | None = None, weeks: int = 4) -> dict[str, int]:
    """Create the demo area and a few weeks of activities and cases up to `today`."""
    rng = random.Random(2026)
    zone = ZoneInfo("Asia/Jakarta")
    today = today or datetime.now(zone).date()
    counts = {"people": 0, "activities": 0, "cases": 0}
    with transaction(engine) as session:
        # Normally there already (`db upgrade` loads the whole list); added when missing.
        insert_regions(session=session, records=official_subset(VILLAGES))
        people: list[Person] = []
        serial = 1

        def add(name: str, role: PersonRole, area: str) -> Person:
            nonlocal serial
            person, _ = upsert_person(
                session=session, phone=_phone(serial), name=name, role=role, area_code=area
            )
            serial += 1
            people.append(person)
            return person

        add("Admin Dinsos Kota Bandung", PersonRole.ADMIN, "32.73")
        dinsos = add("Rika Anggraeni (Dinas Sosial)", PersonRole.DINSOS, "32.73")
        tksk = add("Hendra Gunawan (TKSK Sukajadi)", PersonRole.TKSK, "32.73.07")
        add("Yusuf Maulana (TKSK Sukasari)", PersonRole.TKSK, "32.73.01")
        psm_by_area: dict[str, list[Person]] = {}
        names = iter(f"{f} {ln}" for ln in LAST_NAMES for f in FIRST_NAMES)
        for code in VILLAGES:
            size = 6 if code.startswith("32.73.07") else 3
            members = [add(next(names), PersonRole.KETUA_PSM, code)]
            members += [add(next(names), PersonRole.PSM, code) for _ in range(size - 1)]
            psm_by_area[code] = members
        counts["people"] = len(people)
        for person in (tksk, dinsos):
            session.add(
                ReportSubscription(
                    person_id=person.id or 0,
                    area_code=person.area_code,
                    weekday=0,
                    local_time=time(7, 0),
                )
            )

        start = today - timedelta(weeks=weeks)
        for area, members in psm_by_area.items():
            for psm in members:
                # Some PSM report rarely, as in the field; one in five reported nothing lately.
                if rng.random() < 0.2:
                    continue
                day = start
                while day <= today:
                    day += timedelta(days=rng.randint(2, 6))
                    if day > today:
                        break
                    kind, role, (lo, hi), text = rng.choice(ACTIVITY_PLAN)
                    rw = f"{rng.randint(1, 12):02d}"
                    activity = Activity(
                        reporter_id=psm.id or 0,
                        area_code=area,
                        activity_type=kind,
                        occurred_on=day,
                        rw=rw,
                        people_reached=rng.randint(lo, hi),
                        psm_role=role,
                        description=f"{text} {rw}",
                        source_text=f"{text} RW {rw}",
                        created_at=datetime.combine(day, time(16, 0), zone).astimezone(UTC),
                    )
                    session.add(activity)
                    session.flush()
                    session.add(
                        ActivityChange(
                            activity_id=activity.id or 0, actor_id=psm.id, action="created"
                        )
                    )
                    counts["activities"] += 1
            for psm in members[:3]:
                ppks, problem, referral = rng.choice(CASE_PLAN)
                opened = today - timedelta(days=rng.randint(3, weeks * 7))
                stamp = datetime.combine(opened, time(10, 0), zone).astimezone(UTC)
                case = Case(
                    reporter_id=psm.id or 0,
                    area_code=area,
                    client_name=f"{rng.choice(['Ibu', 'Bapak', 'Nenek', 'Kakek'])} "
                    f"{rng.choice('ABCDEHIKMNRSTUY')}.",
                    client_sex=rng.choice(["L", "P"]),
                    client_age=rng.randint(8, 85),
                    rt=f"{rng.randint(1, 9):02d}",
                    rw=f"{rng.randint(1, 12):02d}",
                    ppks=ppks,
                    problem=problem,
                    source=rng.choice(["keluarga", "rt_rw", "tetangga", "sendiri"]),
                    urgency=rng.choice(["rendah", "sedang", "tinggi"]),
                    consent_given=True,
                    consent_by="klien",
                    opened_on=opened,
                    created_at=stamp,
                    updated_at=stamp,
                )
                session.add(case)
                session.flush()
                session.add(
                    CaseEvent(
                        case_id=case.id or 0,
                        kind=CaseEventKind.OPENED,
                        actor_id=psm.id,
                        occurred_on=opened,
                        created_at=stamp,
                    )
                )
                if referral and rng.random() < 0.6:
                    when = min(today, opened + timedelta(days=rng.randint(1, 6)))
                    case.status, case.referral = CaseStatus.REFERRED, referral
                    case.updated_at = datetime.combine(when, time(11, 0), zone).astimezone(UTC)
                    session.add(
                        CaseEvent(
                            case_id=case.id or 0,
                            kind=CaseEventKind.REFERRAL,
                            actor_id=psm.id,
                            occurred_on=when,
                            data={"destination": referral},
                        )
                    )
                counts["cases"] += 1
    return counts
