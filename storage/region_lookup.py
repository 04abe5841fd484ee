"""Finding the area a person wrote: by code, or by the names of its levels, top down.

Names at every level narrow each other: `Bandung` alone is the kota and the kabupaten, with
`Sukajadi` as kecamatan only Kota Bandung remains. What is left is one area, several (ambiguous,
listed with their codes) or none (the closest names in the parent area are offered).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlmodel import Session

from storage.models.regions import Region, RegionLevel
from storage.region_names import Place, Written, closest, matches, read_name

ORDER = (RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT, RegionLevel.VILLAGE)
CODE_DIGITS = {2: RegionLevel.PROVINCE, 4: RegionLevel.REGENCY, 6: RegionLevel.DISTRICT}
CODE_DIGITS[10] = RegionLevel.VILLAGE
# More candidates than this are not worth listing one by one.
MAX_LISTED = 5


def depth(level: RegionLevel) -> int:
    """0 for a province ... 3 for a desa/kelurahan."""
    return ORDER.index(level)


def code_from_digits(text: str) -> str | None:
    """`3273071001`, `32.73.07.1001` or `32 73 07 1001` as a dotted code; None if malformed."""
    cleaned = text.strip()
    if cleaned.endswith(".0") and cleaned[:-2].isdigit():  # a spreadsheet number cell
        cleaned = cleaned[:-2]
    if not cleaned or any(not (c.isdigit() or c in ". -") for c in cleaned):
        return None
    digits = "".join(c for c in cleaned if c.isdigit())
    if len(digits) not in CODE_DIGITS:
        return None
    parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Found:
    """The one area the names lead to."""

    code: str
    level: RegionLevel


@dataclass(frozen=True, slots=True)
class NotFound:
    """No area of that name at a level (within the parents found so far)."""

    level: RegionLevel
    written: str
    parents: list[Place]
    suggestions: list[Place]


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several areas carry these names."""

    level: RegionLevel
    written: str
    candidates: list[Place]
    total: int


@dataclass(frozen=True, slots=True)
class UnknownCode:
    """A region code that is malformed or not on the list."""

    written: str
    malformed: bool


Lookup = Found | NotFound | Ambiguous | UnknownCode


@dataclass
class AreaFinder:
    """Looks areas up for one session, caching the lists of places it has read."""

    session: Session
    _places: dict[tuple[RegionLevel, str], list[Place]] = field(default_factory=dict)
    _paths: dict[str, str] = field(default_factory=dict)
    _regencies: set[str] = field(default_factory=set)

    def places(self, level: RegionLevel, within: str | None = None) -> list[Place]:
        """Every region of a level, inside `within` when given."""
        key = (level, within or "")
        district = level is RegionLevel.VILLAGE and within is not None and within.count(".") == 2
        if key not in self._places and district and within is not None:
            self._villages_of_regency(within.rsplit(".", 1)[0])
            self._places.setdefault(key, [])
        if key not in self._places:
            table = Region.__table__  # type: ignore[attr-defined]
            query = select(table.c.code, table.c.name, table.c.kind).where(table.c.level == level)
            if within:
                query = query.where(table.c.code.startswith(within + "."))
            self._places[key] = [
                Place(code, name, kind, level) for code, name, kind in self.session.execute(query)
            ]
        return self._places[key]

    def _villages_of_regency(self, regency: str) -> None:
        """Every desa/kelurahan of a kab/kota in one query, remembered by kecamatan: a roster
        names many kecamatan of one kab/kota, and each would otherwise scan the table."""
        if regency in self._regencies:
            return
        self._regencies.add(regency)
        table = Region.__table__  # type: ignore[attr-defined]
        query = select(table.c.code, table.c.name, table.c.kind).where(
            table.c.level == RegionLevel.VILLAGE, table.c.code.startswith(regency + ".")
        )
        for code, name, kind in self.session.execute(query):
            district = code.rsplit(".", 1)[0]
            places = self._places.setdefault((RegionLevel.VILLAGE, district), [])
            places.append(Place(code, name, kind, RegionLevel.VILLAGE))

    def by_code(self, text: str) -> Found | UnknownCode:
        """The region with this code, dotted or not."""
        code = code_from_digits(text)
        if code is None:
            return UnknownCode(text, malformed=True)
        region = self.session.get(Region, code)
        if region is None:
            return UnknownCode(text, malformed=False)
        return Found(region.code, region.level)

    def by_names(self, names: dict[RegionLevel, str], within: str | None = None) -> Lookup:
        """Follow the written names from the province down to the smallest one given.

        With `within`, only areas inside it (or containing it) count: `Sukajadi` sent by the
        Dinas Sosial of Kota Pekanbaru is Pekanbaru's, not Bandung's.
        """
        scopes: list[Place | None] = [None]
        last_level: RegionLevel | None = None
        for level in ORDER:
            text = names.get(level, "").strip()
            if not text:
                continue
            written = read_name(text)
            found = self._match(written, level, scopes)
            if within:
                found = [p for p in found if _related(p.code, within)]
            if not found:
                return NotFound(
                    level,
                    text,
                    [s for s in scopes if s is not None],
                    self._suggest(written, level, scopes),
                )
            scopes = list(found)
            last_level = level
        if last_level is None:
            return NotFound(RegionLevel.VILLAGE, "", [], [])
        places = [s for s in scopes if s is not None]
        if len(places) > 1:
            return Ambiguous(last_level, names[last_level], places[:MAX_LISTED], total=len(places))
        return Found(places[0].code, last_level)

    def _match(
        self, written: Written, level: RegionLevel, scopes: list[Place | None]
    ) -> list[Place]:
        found: list[Place] = []
        for scope in scopes:
            found += matches(written, self.places(level, scope.code if scope else None), level)
        return found

    def _suggest(
        self, written: Written, level: RegionLevel, scopes: list[Place | None]
    ) -> list[Place]:
        pool: list[Place] = []
        for scope in scopes[:MAX_LISTED]:
            pool += self.places(level, scope.code if scope else None)
        return closest(written, pool)

    def path(self, code: str) -> str:
        """`Kec. Sukajadi, Kota Bandung, Jawa Barat`: where an area lies, for messages."""
        if code not in self._paths:
            names = []
            parts = code.split(".")
            for n in range(len(parts), 0, -1):
                region = self.session.get(Region, ".".join(parts[:n]))
                if region is not None:
                    names.append(label(region.name, region.level, region.kind))
            self._paths[code] = ", ".join(names)
        return self._paths[code]

    def find(
        self, name: str, level: RegionLevel | None = None, within: str | None = None
    ) -> list[Place]:
        """Every region of that name (at a level, inside an area, when given)."""
        written = read_name(name)
        if level is None and written.level is not None:
            level = written.level  # `Kab. Pelalawan` is the kabupaten, not its kecamatan
        levels = [level] if level is not None else list(ORDER)
        found: list[Place] = []
        for each in levels:
            if each is RegionLevel.VILLAGE and within is None:
                # 83,762 villages: let the database pick those sharing the name's longest word.
                found += matches(written, self._villages_like(written), each)
            else:
                found += matches(written, self.places(each, within), each)
        return found

    def _villages_like(self, written: Written) -> list[Place]:
        word = max(written.plain.split(), key=len, default="")
        table = Region.__table__  # type: ignore[attr-defined]
        query = select(table.c.code, table.c.name, table.c.kind).where(
            table.c.level == RegionLevel.VILLAGE,
            func.lower(table.c.name).contains(word, autoescape=True),
        )
        return [
            Place(code, name, kind, RegionLevel.VILLAGE)
            for code, name, kind in self.session.execute(query)
        ]


def _related(code: str, area: str) -> bool:
    """Whether one area lies inside the other."""
    return (code + ".").startswith(area + ".") or (area + ".").startswith(code + ".")


def label(name: str, level: RegionLevel, kind: str | None) -> str:
    """A name with the prefix people write: `Kel. Pasteur`, `Desa X`, `Kec. Sukajadi`."""
    if level is RegionLevel.DISTRICT:
        return f"{'Distrik' if kind == 'distrik' else 'Kec.'} {name}"
    if level is RegionLevel.VILLAGE:
        return f"{'Kel.' if kind in (None, 'kelurahan') else 'Desa'} {name}"
    if level is RegionLevel.PROVINCE:
        return f"Prov. {name}"
    return name
