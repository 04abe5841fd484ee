"""Checking roster rows: name, phone, role, and the area named by code or by names."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from handlers.i18n import t
from storage.models.people import PersonRole
from storage.models.regions import RegionLevel
from storage.people_bulk import Listed, people_by_phone
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
    # The person registered with this phone before the import, if any.
    before: Listed | None = None

    @property
    def unchanged(self) -> bool:
        """Whether the row says what is stored already (a re-import changes nothing)."""
        return self.before == Listed(self.name, self.role, self.area_code)


class RowError(ValueError):
    """Why a row was refused, as a catalog key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True, slots=True)
class _Read:
    """A row whose name, phone and role are readable; its area is checked next."""

    line: int
    row: dict[str, str]
    name: str
    phone: str
    role: PersonRole


def validate(
    session: Session,
    rows: list[dict[str, str]],
    *,
    scope: ImportScope = EVERYWHERE,
    locale: str = "id",
) -> tuple[list[RosterRow], list[tuple[int, str]]]:
    """Check every row; returns the good ones and (line, reason) for the others.

    The people already registered are read in a few queries for the whole file, and each
    distinct area written is looked up once.
    """
    errors: list[tuple[int, str]] = []
    readable: list[_Read] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            readable.append(_read(row, line))
        except RowError as exc:
            errors.append((line, t(locale, exc.key, **exc.values)))
    registered = people_by_phone(session, (r.phone for r in readable))
    areas = _Areas(AreaFinder(session), scope, locale)
    good: list[RosterRow] = []
    seen: dict[str, int] = {}
    for read in readable:
        try:
            checked = _check(read, areas, registered, seen, scope)
        except RowError as exc:
            errors.append((read.line, t(locale, exc.key, **exc.values)))
            continue
        seen[checked.phone] = read.line
        good.append(checked)
    errors.sort(key=lambda e: e[0])
    return good, errors


def _read(row: dict[str, str], line: int) -> _Read:
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
    return _Read(line, row, name, phone, role)


def _check(
    read: _Read,
    areas: _Areas,
    registered: dict[str, Listed],
    seen: dict[str, int],
    scope: ImportScope,
) -> RosterRow:
    phone, role = read.phone, read.role
    if phone in seen:
        raise RowError("roster.row.duplicate", phone=phone, line=seen[phone])
    if not scope.may_add(role):
        raise RowError("roster.row.rank", role=role.value)
    area_code = areas.code(read.row, role)
    if not scope.covers(area_code):
        raise RowError(
            "roster.row.outside", area=areas.finder.path(area_code), scope=scope.area_label
        )
    existing = registered.get(phone)
    if existing is not None and not (
        scope.covers(existing.area_code) and scope.may_add(existing.role)
    ):
        # A coordinator cannot move someone of another area, or above them, into their own.
        raise RowError("roster.row.elsewhere", phone=phone)
    return RosterRow(read.line, read.name, phone, role, area_code, existing)


class _Areas:
    """The area of each row, looked up once per distinct area written (and role level)."""

    def __init__(self, finder: AreaFinder, scope: ImportScope, locale: str) -> None:
        self.finder, self._scope, self._locale = finder, scope, locale
        self._known: dict[tuple[str, ...], str | RowError] = {}

    def code(self, row: dict[str, str], role: PersonRole) -> str:
        """The code of the row's area at its role's level; RowError when it cannot be told."""
        wanted = ROLE_LEVEL.get(role)
        key = (
            wanted.value if wanted else "",
            row.get("kode_wilayah", ""),
            *(row.get(column, "") for column, _ in NAME_COLUMNS),
        )
        if key not in self._known:
            try:
                self._known[key] = _area(self.finder, row, role, self._scope, self._locale)
            except RowError as exc:
                self._known[key] = exc
        found = self._known[key]
        if isinstance(found, RowError):
            raise RowError(found.key, **found.values)
        return found


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
