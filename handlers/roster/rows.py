"""Checking roster rows: name, phone, role, and the area named by code or by names."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from handlers.i18n import t
from storage.models.people import PersonRole
from storage.models.regions import RegionLevel
from storage.people import get_person_by_phone
from storage.phones import InvalidPhone, normalise_phone
from storage.region_lookup import (
    Ambiguous,
    AreaFinder,
    Found,
    NotFound,
    UnknownCode,
    depth,
    label,
)
from storage.regions import within

ROLE_ALIASES = {
    "psm": PersonRole.PSM,
    "ketua_psm": PersonRole.KETUA_PSM,
    "ketua psm": PersonRole.KETUA_PSM,
    "ketua": PersonRole.KETUA_PSM,
    "tksk": PersonRole.TKSK,
    "dinsos": PersonRole.DINSOS,
    "dinas sosial": PersonRole.DINSOS,
    "dinas_sosial": PersonRole.DINSOS,
    "admin": PersonRole.ADMIN,
}
# The level of area each role works at (an admin works wherever the row says).
ROLE_LEVEL = {
    PersonRole.PSM: RegionLevel.VILLAGE,
    PersonRole.KETUA_PSM: RegionLevel.VILLAGE,
    PersonRole.TKSK: RegionLevel.DISTRICT,
    PersonRole.DINSOS: RegionLevel.REGENCY,
}
RANK = list(PersonRole)
NAME_COLUMNS = (
    ("provinsi", RegionLevel.PROVINCE),
    ("kabupaten_kota", RegionLevel.REGENCY),
    ("kecamatan", RegionLevel.DISTRICT),
    ("kelurahan", RegionLevel.VILLAGE),
)


@dataclass(frozen=True, slots=True)
class ImportScope:
    """Who imports: rows must lie in `area_code` and name roles below `role` (admin: any)."""

    area_code: str | None = None
    role: PersonRole = PersonRole.ADMIN
    area_label: str = ""

    def may_add(self, role: PersonRole) -> bool:
        """Whether this importer may add or change a person with `role`."""
        return self.role is PersonRole.ADMIN or RANK.index(role) < RANK.index(self.role)

    def covers(self, code: str) -> bool:
        """Whether an area lies inside the importer's own."""
        return self.area_code is None or within(code, self.area_code)


EVERYWHERE = ImportScope()


@dataclass(frozen=True, slots=True)
class RosterRow:
    """A row that passed every check and is ready to store."""

    line: int
    name: str
    phone: str
    role: PersonRole
    area_code: str


class RowError(ValueError):
    """Why a row was refused, as a catalog key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def validate(
    session: Session,
    rows: list[dict[str, str]],
    *,
    scope: ImportScope = EVERYWHERE,
    locale: str = "id",
) -> tuple[list[RosterRow], list[tuple[int, str]]]:
    """Check every row; returns the good ones and (line, reason) for the others."""
    finder = AreaFinder(session)
    good: list[RosterRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            checked = _check(session, finder, row, line, seen, scope, locale)
        except RowError as exc:
            errors.append((line, t(locale, exc.key, **exc.values)))
            continue
        seen[checked.phone] = line
        good.append(checked)
    return good, errors


def _check(
    session: Session,
    finder: AreaFinder,
    row: dict[str, str],
    line: int,
    seen: dict[str, int],
    scope: ImportScope,
    locale: str,
) -> RosterRow:
    name = " ".join(row.get("nama", "").split())
    if not name:
        raise RowError("roster.row.no_name")
    raw_phone = row.get("telepon", "")
    try:
        phone = normalise_phone(raw_phone)
    except InvalidPhone:
        raise RowError("roster.row.bad_phone", phone=repr(raw_phone)) from None
    role_text = " ".join(row.get("peran", "").lower().split()) or "psm"
    role = ROLE_ALIASES.get(role_text)
    if role is None:
        raise RowError("roster.row.bad_role", role=repr(role_text))
    if phone in seen:
        raise RowError("roster.row.duplicate", phone=phone, line=seen[phone])
    if not scope.may_add(role):
        raise RowError("roster.row.rank", role=role.value)
    area_code = _area(finder, row, role, scope, locale)
    if not scope.covers(area_code):
        raise RowError("roster.row.outside", area=finder.path(area_code), scope=scope.area_label)
    existing = get_person_by_phone(session=session, phone=phone)
    if existing is not None and not (
        scope.covers(existing.area_code) and scope.may_add(existing.role)
    ):
        # A coordinator cannot move someone of another area, or above them, into their own.
        raise RowError("roster.row.elsewhere", phone=phone)
    return RosterRow(line, name, phone, role, area_code)


def _written(names: dict[RegionLevel, str]) -> str:
    return ", ".join(v.strip() for v in reversed(names.values()) if v.strip())


def _area(
    finder: AreaFinder, row: dict[str, str], role: PersonRole, scope: ImportScope, locale: str
) -> str:
    """The code of the row's area at the level its role works at."""
    wanted = ROLE_LEVEL.get(role)
    if row.get("kode_wilayah"):
        lookup: Found | NotFound | Ambiguous | UnknownCode = finder.by_code(row["kode_wilayah"])
    else:
        names = {
            level: row.get(column, "")
            for column, level in NAME_COLUMNS
            if wanted is None or depth(level) <= depth(wanted)
        }
        if not any(v.strip() for v in names.values()):
            raise RowError("roster.row.no_area")
        lookup = finder.by_names(names, within=scope.area_code)
        if not isinstance(lookup, Found) and scope.area_code is not None:
            # Not in the importer's area: if it exists elsewhere, say that instead.
            elsewhere = finder.by_names(names)
            if isinstance(elsewhere, Found | Ambiguous):
                where = (
                    finder.path(elsewhere.code) if isinstance(elsewhere, Found) else _written(names)
                )
                raise RowError("roster.row.outside", area=where, scope=scope.area_label)
    if isinstance(lookup, UnknownCode):
        key = "roster.row.bad_code" if lookup.malformed else "roster.row.unknown_code"
        raise RowError(key, code=lookup.written)
    if isinstance(lookup, NotFound):
        raise _not_found(finder, lookup, locale)
    if isinstance(lookup, Ambiguous):
        raise _ambiguous(finder, lookup, locale)
    if wanted is None:
        return lookup.code
    if depth(lookup.level) < depth(wanted):
        raise RowError(
            "roster.row.too_shallow",
            role=role.value,
            level=t(locale, f"roster.level.{wanted.value}"),
        )
    return ".".join(lookup.code.split(".")[: depth(wanted) + 1])


def _not_found(finder: AreaFinder, lookup: NotFound, locale: str) -> RowError:
    parent = ""
    if len(lookup.parents) == 1:
        parent = t(
            locale, "roster.row.not_found.parent", parent=finder.path(lookup.parents[0].code)
        )
    if lookup.suggestions:
        names = ", ".join(
            f"{label(p.name, p.level, p.kind)} ({p.code})" for p in lookup.suggestions
        )
        tail = t(locale, "roster.row.not_found.similar", names=names)
    else:
        tail = t(locale, "roster.row.not_found.hint")
    return RowError(
        "roster.row.not_found",
        level=t(locale, f"roster.level.{lookup.level.value}"),
        name=lookup.written,
        parent=parent + tail,
    )


def _ambiguous(finder: AreaFinder, lookup: Ambiguous, locale: str) -> RowError:
    candidates = "; ".join(f"{p.code} {finder.path(p.code)}" for p in lookup.candidates)
    extra = lookup.total - len(lookup.candidates)
    return RowError(
        "roster.row.ambiguous",
        level=t(locale, f"roster.level.{lookup.level.value}"),
        name=lookup.written,
        total=lookup.total,
        candidates=candidates,
        more=t(locale, "roster.row.ambiguous.more", count=extra) if extra > 0 else "",
    )
