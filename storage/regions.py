"""Queries on the region hierarchy."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models.regions import Region, RegionLevel

CODE_LENGTHS = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.REGENCY: 4,
    RegionLevel.DISTRICT: 6,
    RegionLevel.VILLAGE: 10,
}


def dotted(code: str) -> str:
    """Write a Kemendagri code with dots (`3273171004` -> `32.73.17.1004`)."""
    digits = code.replace(".", "").strip()
    parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


def level_of(code: str) -> RegionLevel:
    """The level a code's length implies."""
    length = len(code.replace(".", ""))
    for level, size in CODE_LENGTHS.items():
        if size == length:
            return level
    raise ValueError(f"not a Kemendagri region code: {code!r}")


def get_region(*, session: Session, code: str) -> Region | None:
    """The region with this code (dotted or not)."""
    return session.get(Region, dotted(code))


def find_regions_by_name(
    *, session: Session, name: str, level: RegionLevel | None = None, within: str | None = None
) -> list[Region]:
    """Regions whose name matches, ignoring case and the Kel./Kec./Kota/Kab. prefixes."""
    wanted = strip_prefix(name).lower()
    query = select(Region).where(func.lower(Region.name) == wanted)
    if level is not None:
        query = query.where(Region.level == level)
    if within:
        query = query.where(col(Region.code).startswith(dotted(within)))
    return list(session.exec(query).all())


def strip_prefix(name: str) -> str:
    """Drop the administrative prefix people write before a name (`Kel. Pasteur`)."""
    text = " ".join(name.split())
    lowered = text.lower()
    for prefix in (
        "kelurahan ",
        "kel. ",
        "kel ",
        "desa ",
        "kecamatan ",
        "kec. ",
        "kec ",
        "kabupaten ",
        "kab. ",
        "kab ",
        "provinsi ",
        "prov. ",
    ):
        if lowered.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


LEVEL_PREFIX = {
    RegionLevel.PROVINCE: "Prov.",
    RegionLevel.REGENCY: "",
    RegionLevel.DISTRICT: "Kec.",
    RegionLevel.VILLAGE: "Kel.",
}


def display_name(region: Region) -> str:
    """How people write the area: "Kel. Pasteur", "Kec. Sukajadi", "Kota Bandung"."""
    prefix = LEVEL_PREFIX[region.level]
    return f"{prefix} {region.name}" if prefix else region.name


def ancestors(*, session: Session, code: str) -> list[Region]:
    """The region and every region above it, smallest first."""
    chain: list[Region] = []
    region = get_region(session=session, code=code)
    while region is not None:
        chain.append(region)
        region = (
            get_region(session=session, code=region.parent_code) if region.parent_code else None
        )
    return chain


def within(code: str, area_code: str) -> bool:
    """Whether region `code` lies inside (or is) `area_code`."""
    return dotted(code) == dotted(area_code) or dotted(code).startswith(dotted(area_code) + ".")


def timezone_of(*, session: Session, code: str, default: str = "Asia/Jakarta") -> str:
    """The IANA zone of an area."""
    region = get_region(session=session, code=code)
    return region.timezone if region is not None else default


# Zones by province code: WITA and WIT provinces, and West/Central Kalimantan's own IANA zone;
# every other province is WIB (Asia/Jakarta).
PROVINCE_TIMEZONES = {
    **dict.fromkeys(["61", "62"], "Asia/Pontianak"),
    **dict.fromkeys(
        ["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"], "Asia/Makassar"
    ),
    **dict.fromkeys(["81", "82", "91", "92", "93", "94", "95", "96", "97"], "Asia/Jayapura"),
}


def timezone_for_code(code: str) -> str:
    """The IANA zone a region code lies in, from its province."""
    return PROVINCE_TIMEZONES.get(code.replace(".", "")[:2], "Asia/Jakarta")


def upsert_region(*, session: Session, code: str, name: str) -> tuple[Region, bool]:
    """Create or rename the region with this code; returns (region, created)."""
    code = dotted(code)
    level = level_of(code)
    parent = code.rsplit(".", 1)[0] if level is not RegionLevel.PROVINCE else None
    region = session.get(Region, code)
    created = region is None
    if region is None:
        region = Region(
            code=code, name=name, level=level, parent_code=parent, timezone=timezone_for_code(code)
        )
    else:
        region.name = name
    session.add(region)
    return region, created
