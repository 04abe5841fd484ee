"""Queries on the region hierarchy."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models.regions import Region, RegionLevel, RegionSource
from storage.region_list import timezone_for_code

__all__ = ["timezone_for_code"]

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
    """Regions of that name as people write it (`Kab. Pelalawan`, `pelalawan`, `Kel. Pasteur`)."""
    from storage.region_lookup import AreaFinder

    places = AreaFinder(session).find(name, level, dotted(within) if within else None)
    found = [session.get(Region, place.code) for place in places]
    return [region for region in found if region is not None]


def villages_within(*, session: Session, code: str) -> list[Region]:
    """The kelurahan and desa inside an area (e.g. every one of a kab/kota)."""
    return list(
        session.exec(
            select(Region).where(
                Region.level == RegionLevel.VILLAGE, col(Region.code).startswith(code + ".")
            )
        ).all()
    )


def display_name(region: Region) -> str:
    """How people write the area: "Kel. Pasteur", "Desa Ukui", "Kec. Sukajadi", "Kota Bandung"."""
    from storage.region_lookup import label

    if region.level is RegionLevel.REGENCY:
        return region.name
    return label(region.name, region.level, region.kind)


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


def upsert_region(*, session: Session, code: str, name: str) -> tuple[Region, bool]:
    """Create or rename the region with this code (a local fix); returns (region, created)."""
    code = dotted(code)
    level = level_of(code)
    parent = code.rsplit(".", 1)[0] if level is not RegionLevel.PROVINCE else None
    region = session.get(Region, code)
    created = region is None
    if region is None:
        region = Region(
            code=code,
            name=name,
            level=level,
            parent_code=parent,
            timezone=timezone_for_code(code),
            source=RegionSource.LOCAL,
        )
    elif region.name != name:
        region.name, region.source = name, RegionSource.LOCAL
    session.add(region)
    return region, created
