"""The rows of a synthetic area, shaped like the field: who works where and what they report.

A `Kecamatan` is built in one go (its PSM, their activities, cases, case histories, photos, the
monthly PSM meeting and who came) from a `random.Random`, so the same seed gives the same rows,
as the models' Python values; the writers in `bench.data` make COPY or executemany parameters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from handlers.i18n import term_label
from storage.encryption import current_keyring
from storage.models.cases import CaseEventKind, CaseStatus
from storage.models.people import PersonRole
from storage.vocabulary import ACTIVITY_TYPES, PSM_ROLES, REFERRALS

Row = tuple[Any, ...]

COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("id", "name", "phone", "role", "area_code", "locale", "active", "status",
               "approved_at", "created_at", "updated_at"),
    "identity": ("id", "urn", "channel", "address", "person_id", "display_name",
                 "last_inbound_at", "created_at"),
    "case": ("id", "reporter_id", "area_code", "client_name", "client_sex", "client_age",
             "client_birth_year", "nik", "nik_hash", "rt", "rw", "address", "ppks", "source",
             "urgency", "status", "referral", "consent_given", "consent_by", "opened_on",
             "created_at", "updated_at", "closed_at"),
    "caseevent": ("id", "case_id", "kind", "actor_id", "occurred_on", "note", "data",
                  "created_at"),
    "activity": ("id", "reporter_id", "area_code", "activity_type", "occurred_on", "rt", "rw",
                 "place", "latitude", "longitude", "people_reached",
                 "people_reached_approximate", "psm_role", "ppks", "description",
                 "source_text", "created_at", "updated_at", "deleted_at"),
    "activitycase": ("activity_id", "case_id"),
    "meetingseries": ("id", "organiser_id", "area_code", "title", "place", "rule", "timezone",
                      "starts_on", "skip_holidays", "active", "created_at"),
    "meeting": ("id", "series_id", "organiser_id", "area_code", "title", "place", "starts_at",
                "status", "created_at", "reminded_h1_at", "reminded_h2_at",
                "attendance_prompted_at"),
    "meetingattendance": ("id", "meeting_id", "person_id", "rsvp", "reason", "attended"),
    "media": ("id", "sha256", "path", "content_type", "size_bytes", "uploaded_by",
              "activity_id", "case_id", "case_event_id", "meeting_id", "created_at"),
}  # fmt: skip
TABLES = tuple(COLUMNS)  # parents before children

FIRST = (
    "Siti",
    "Agus",
    "Dewi",
    "Budi",
    "Sri",
    "Eko",
    "Nur",
    "Rina",
    "Yusuf",
    "Wati",
    "Ahmad",
    "Ani",
    "Dedi",
    "Lina",
    "Asep",
    "Euis",
    "Ujang",
    "Neneng",
    "Iwan",
    "Yati",
    "Hendra",
    "Tuti",
    "Rudi",
    "Ratna",
    "Dadang",
    "Imas",
    "Bambang",
    "Yuli",
    "Cecep",
    "Enung",
)
LAST = (
    "Rahayu",
    "Santoso",
    "Lestari",
    "Hidayat",
    "Wijaya",
    "Kurniawan",
    "Susanti",
    "Saputra",
    "Hasanah",
    "Permana",
    "Setiawan",
    "Nurhayati",
    "Gunawan",
    "Maryam",
    "Suryana",
    "Sopiah",
    "Hermawan",
    "Fitriani",
    "Ramdani",
    "Komariah",
)
PLACES = ("Balai Desa", "Posyandu Melati", "Rumah warga", "Masjid Al-Ikhlas", "Kantor Kelurahan",
          "SDN 1", "Pos Ronda", "Lapangan", "Aula Kecamatan", "Kantor Pos")  # fmt: skip
# Field shares: home visits dominate, bansos and data checks follow.
ACTIVITY_WEIGHTS = {"kunjungan": 30, "bansos": 15, "verval": 12, "penanganan": 10,
                    "permakanan": 8, "sosialisasi": 7, "rapat": 6, "kube": 4, "pelatihan": 3,
                    "bencana": 2, "lainnya": 3}  # fmt: skip
REACH = {
    "bansos": (20, 200),
    "verval": (5, 60),
    "sosialisasi": (15, 120),
    "rapat": (5, 40),
    "pelatihan": (10, 50),
    "bencana": (10, 300),
    "permakanan": (10, 40),
    "kube": (5, 15),
}
PPKS_WEIGHTS = {24: 30, 8: 18, 9: 12, 2: 6, 23: 6, 25: 5, 19: 4, 1: 3, 5: 3, 6: 2, 11: 2,
                12: 2, 13: 2, 20: 2, 21: 2, 3: 1}  # fmt: skip
FOLLOW_UPS = {CaseEventKind.VISIT: 45, CaseEventKind.ASSESSMENT: 20,
              CaseEventKind.ASSISTANCE: 15, CaseEventKind.NOTE: 8}  # fmt: skip
# Where a case ends up: many stay open for months with no news (the stale cases of the field).
ENDINGS = {"closed": 45, "referred": 15, "in_progress": 20, "open": 15, "moved": 5}
WIB = timedelta(hours=7)


def _weights(table: dict[Any, int]) -> tuple[list[Any], list[int]]:
    """Arguments for `random.choices` with the cumulative weights worked out once."""
    total, cumulative = 0, []
    for weight in table.values():
        total += weight
        cumulative.append(total)
    return list(table), cumulative


@dataclass
class Ids:
    """The next id of every table, shared by all areas of a data set."""

    next: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 1))

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class Batch:
    """Rows per table, ready to be written together."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def count(self) -> int:
        return sum(len(r) for r in self.rows.values())


@dataclass(frozen=True)
class Period:
    """The days the data covers: [start, end)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def at(day: date, hour: float) -> datetime:
    """A local (WIB) hour of a day as an aware UTC instant."""
    local = datetime.combine(day, time(0), UTC) + timedelta(hours=hour)
    return local - WIB


class AreaBuilder:
    """Builds the rows of one kecamatan and its kelurahan."""

    def __init__(self, rng: random.Random, ids: Ids, period: Period, nik_share: float) -> None:
        self.rng = rng
        self.ids = ids
        self.period = period
        self.nik_share = nik_share
        self.types = _weights(ACTIVITY_WEIGHTS)
        self.ppks = _weights(PPKS_WEIGHTS)
        self.follow_ups = _weights(FOLLOW_UPS)
        self.endings = _weights(ENDINGS)
        self.roles = list(PSM_ROLES)
        self.referrals = [code for code in REFERRALS if code != "lainnya"]
        self.phone = 0

    def pick(self, weighted: tuple[list[Any], list[int]]) -> Any:
        """One value, drawn with the weights of its table."""
        return self.rng.choices(weighted[0], cum_weights=weighted[1])[0]

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def person(self, batch: Batch, role: PersonRole, area: str, joined: date | None) -> int:
        """A rostered person (approved_at None) or a self-registered one approved on `joined`."""
        pid = self.ids.take("person")
        created = at(joined or self.period.start - timedelta(days=30), 9)
        approved = at(joined, 10) if joined else None
        active = self.rng.random() > 0.02
        name = self.name()
        phone = f"+62812{pid:08d}"
        batch.rows["person"].append(
            (pid, name, phone, role, area, "id", active, "approved", approved, created, created)
        )
        batch.rows["identity"].append(
            (self.ids.take("identity"), f"telegram:{7_000_000_000 + pid}", "telegram",
             str(7_000_000_000 + pid), pid, name, created, created)
        )  # fmt: skip
        return pid

    def day(self, first: date) -> date:
        """A day in [first, end), mostly a weekday."""
        span = (self.period.end - first).days
        for _ in range(3):
            day = first + timedelta(days=self.rng.randrange(span))
            if day.weekday() < 5 or self.rng.random() < 0.3:
                return day
        return day

    def kecamatan(self, batch: Batch, code: str, villages: list[str], psm: int) -> None:
        """The kecamatan's TKSK, its PSM spread over the kelurahan, and all they did."""
        rng = self.rng
        tksk = self.person(batch, PersonRole.TKSK, code, None)
        team: list[tuple[int, str, date, float]] = []
        for n in range(psm):
            village = villages[n % len(villages)]
            role = PersonRole.KETUA_PSM if n < len(villages) and n % 4 == 0 else PersonRole.PSM
            late = rng.random() < 0.1
            joined = (
                self.period.start + timedelta(days=rng.randrange(self.period.days))
                if late
                else None
            )
            pid = self.person(batch, role, village, joined)
            # Most PSM report a few times a week; some hardly ever (the silent ones).
            rate = 0.03 if rng.random() < 0.08 else rng.lognormvariate(0.95, 0.5)
            team.append((pid, village, joined or self.period.start, rate))
        for pid, village, first, rate in team:
            cases = self.cases(batch, pid, village, first, rate, team)
            self.activities(batch, pid, village, villages, first, rate, cases)
        self.meetings(batch, tksk, code, [pid for pid, *_ in team])

    def cases(
        self, batch: Batch, pid: int, village: str, first: date, rate: float, team: list[Any]
    ) -> list[tuple[int, date]]:
        rng = self.rng
        weeks = (self.period.end - first).days / 7
        opened: list[tuple[int, date]] = []
        keyring = current_keyring()
        for _ in range(int(weeks * rate * 0.17 * rng.uniform(0.7, 1.3))):
            cid = self.ids.take("case")
            day = self.day(first)
            ending = self.pick(self.endings)
            ppks = self.pick(self.ppks) if rng.random() > 0.05 else None
            events: list[tuple[CaseEventKind, date, dict[str, Any]]] = [
                (CaseEventKind.OPENED, day, {})
            ]
            current = day
            referral = None
            steps = 0 if ending == "open" else rng.randint(1, 5)
            for _ in range(steps):
                current += timedelta(days=rng.randint(3, 40))
                events.append((self.pick(self.follow_ups), current, {}))
            if ending == "referred":
                referral = rng.choice(self.referrals)
                current += timedelta(days=rng.randint(2, 20))
                events.append((CaseEventKind.REFERRAL, current, {"destination": referral}))
            if ending in ("closed", "moved"):
                current += timedelta(days=rng.randint(5, 60))
                kind = CaseEventKind.CLOSED if ending == "closed" else CaseEventKind.MOVED
                events.append((kind, current, {}))
            events = [e for e in events if e[1] < self.period.end]
            last_kind = events[-1][0]
            closed_at = None
            if last_kind in (CaseEventKind.CLOSED, CaseEventKind.MOVED):
                status = (
                    CaseStatus.CLOSED if last_kind is CaseEventKind.CLOSED else CaseStatus.MOVED
                )
                closed_at = at(events[-1][1], 15)
            elif last_kind is CaseEventKind.REFERRAL:
                status = CaseStatus.REFERRED
            else:
                status = CaseStatus.IN_PROGRESS if len(events) > 1 else CaseStatus.OPEN
            if not any(kind is CaseEventKind.REFERRAL for kind, _, _ in events):
                referral = None
            nik = f"3201{rng.randrange(10**12):012d}" if rng.random() < self.nik_share else None
            age = rng.randint(1, 90)
            created = at(day, rng.uniform(8, 18))
            batch.rows["case"].append(
                (cid, pid, village, self.name(), rng.choice("LP"), age, day.year - age,
                 keyring.encrypt(nik) if nik else None,
                 keyring.lookup_hash(nik) if nik else None,
                 f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 8):03d}",
                 f"Kp. {rng.choice(LAST)}", ppks, rng.choice(("keluarga", "rt_rw", "tetangga",
                 "sendiri")), rng.choice(("rendah", "sedang", "tinggi")), status, referral,
                 nik is not None, "klien" if nik else None, day, created,
                 at(events[-1][1], 16), closed_at)
            )  # fmt: skip
            for kind, when, data in events:
                actor = pid if rng.random() < 0.9 else rng.choice(team)[0]
                eid = self.ids.take("caseevent")
                stamp = at(when, rng.uniform(8, 18))
                batch.rows["caseevent"].append(
                    (eid, cid, kind, actor, when, f"{kind.value} {when:%d/%m}", data, stamp)
                )
                if kind in (CaseEventKind.VISIT, CaseEventKind.ASSESSMENT) and rng.random() < 0.15:
                    self.media(batch, actor, stamp, case_id=cid, case_event_id=eid)
            opened.append((cid, day))
        return opened

    def activities(
        self,
        batch: Batch,
        pid: int,
        village: str,
        villages: list[str],
        first: date,
        rate: float,
        cases: list[tuple[int, date]],
    ) -> None:
        rng = self.rng
        weeks = (self.period.end - first).days / 7
        for _ in range(int(weeks * rate * rng.uniform(0.8, 1.2))):
            aid = self.ids.take("activity")
            day = self.day(first)
            kind = self.pick(self.types)
            low, high = REACH.get(kind, (1, 4))
            reach = rng.randint(low, high) if rng.random() > 0.1 else None
            area = village if rng.random() > 0.05 else rng.choice(villages)
            place = rng.choice(PLACES)
            located = rng.random() < 0.6
            ppks = self.pick(self.ppks) if kind in ("kunjungan", "penanganan") else None
            created = at(day, rng.uniform(8, 21))
            label = term_label(ACTIVITY_TYPES[kind], "id")
            batch.rows["activity"].append(
                (aid, pid, area, kind, day, f"{rng.randint(1, 12):03d}",
                 f"{rng.randint(1, 8):03d}", place,
                 -6.5 + rng.uniform(-0.3, 0.3) if located else None,
                 106.8 + rng.uniform(-0.4, 0.4) if located else None,
                 reach, rng.random() < 0.2,
                 rng.choice(self.roles) if rng.random() > 0.25 else None, ppks,
                 f"{label} di {place}", f"{kind} {place.lower()} {reach or ''} orang", created,
                 created, created + timedelta(days=1) if rng.random() < 0.01 else None)
            )  # fmt: skip
            if kind in ("kunjungan", "penanganan") and cases and rng.random() < 0.3:
                case_id, opened = rng.choice(cases)
                if opened <= day:
                    batch.rows["activitycase"].append((aid, case_id))
            if rng.random() < 0.2:
                for _ in range(rng.randint(1, 3)):
                    self.media(batch, pid, created, activity_id=aid)

    def meetings(self, batch: Batch, organiser: int, area: str, members: list[int]) -> None:
        """The monthly PSM meeting of the kecamatan (second Tuesday, 09:00) and attendance."""
        rng = self.rng
        sid = self.ids.take("meetingseries")
        start = self.period.start
        batch.rows["meetingseries"].append(
            (sid, organiser, area, "Rapat rutin PSM", "Aula Kecamatan",
             "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=9", "Asia/Jakarta", start, True, True, at(start, 8))
        )  # fmt: skip
        month = date(start.year, start.month, 1)
        while month < self.period.end:
            tuesday = month + timedelta(days=(1 - month.weekday()) % 7 + 7)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            if not self.period.start <= tuesday < self.period.end:
                continue
            mid = self.ids.take("meeting")
            starts = at(tuesday, 9)
            held = rng.random() > 0.1
            batch.rows["meeting"].append(
                (mid, sid, organiser, area, "Rapat rutin PSM", "Aula Kecamatan", starts,
                 "held" if held else "cancelled", starts - timedelta(days=10),
                 starts - timedelta(days=1), starts - timedelta(hours=2),
                 starts + timedelta(hours=3))
            )  # fmt: skip
            for person in members:
                rsvp = rng.choices(("hadir", "tidak", "izin", None), (60, 10, 10, 20))[0]
                came = held and (rsvp == "hadir" or rng.random() < 0.2) and rng.random() < 0.9
                batch.rows["meetingattendance"].append(
                    (self.ids.take("meetingattendance"), mid, person, rsvp,
                     "sakit" if rsvp == "izin" else None, came if held else None)
                )  # fmt: skip
            if held and rng.random() < 0.5:
                self.media(batch, organiser, starts + timedelta(hours=2), meeting_id=mid)

    def media(self, batch: Batch, uploader: int, stamp: datetime, **owner: int) -> None:
        digest = f"{self.rng.getrandbits(256):064x}"
        batch.rows["media"].append(
            (self.ids.take("media"), digest, f"{stamp:%Y/%m}/{digest}.jpg", "image/jpeg",
             self.rng.randint(40_000, 400_000), uploader, owner.get("activity_id"),
             owner.get("case_id"), owner.get("case_event_id"), owner.get("meeting_id"), stamp)
        )  # fmt: skip
