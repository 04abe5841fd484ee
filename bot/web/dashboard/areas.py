"""The area a page shows: the viewer's own by default, or a sub-area picked with `?wilayah=`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.web.dashboard.viewer import Viewer, not_found
from reports.building.build import area_label
from storage.models.regions import Region
from storage.regions import ancestors, dotted, get_region

PARAM = "wilayah"


@dataclass(frozen=True, slots=True)
class AreaChoice:
    """The area shown, the way up to the viewer's own area, and the areas just below it."""

    region: Region
    label: str
    trail: list[tuple[str, str]]  # (code, label), from the viewer's area down to this one
    children: list[tuple[str, str]]  # (code, label)


def chosen_area(*, session: Session, viewer: Viewer, code: str | None) -> AreaChoice:
    """The area asked for (404 when unknown or outside the viewer's area)."""
    wanted = dotted(code) if code else viewer.home_area
    if not viewer.covers(wanted):
        raise not_found()
    region = get_region(session=session, code=wanted)
    if region is None:
        raise not_found()
    chain = [
        r for r in reversed(ancestors(session=session, code=region.code)) if viewer.covers(r.code)
    ]
    children = session.exec(
        select(Region).where(col(Region.parent_code) == region.code).order_by(col(Region.name))
    ).all()
    return AreaChoice(
        region=region,
        label=area_label(region),
        trail=[(r.code, area_label(r)) for r in chain],
        children=[(r.code, area_label(r)) for r in children],
    )
