"""Lists of open cases: a PSM's own, a kelurahan's (ketua PSM), an area's (coordinators).

Coordinators see their area's open cases ten at a time, stalest first, and may narrow the list
by kelurahan or PPKS category: `/kasus Pasteur`, `/kasus lansia`, `/kasus 8`.
"""

from __future__ import annotations

from handlers.flows import fields
from handlers.i18n import term_label
from handlers.messages import Option
from handlers.parsing.categories import extract_category
from handlers.parsing.normalize import normalize
from handlers.turn import Turn
from storage.cases import open_cases_in_area, own_open_cases
from storage.models.cases import Case
from storage.models.people import PersonRole
from storage.models.regions import RegionLevel
from storage.regions import find_regions_by_name, get_region, within
from storage.vocabulary import CASE_STATUSES, PPKS

PAGE_PREFIX = "cases:page:"
PAGE_SIZE = 10
COORDINATORS = (PersonRole.TKSK, PersonRole.DINSOS, PersonRole.ADMIN)


def is_coordinator(turn: Turn) -> bool:
    """TKSK, Dinas Sosial and admin look after an area, not cases of their own."""
    return turn.person is not None and turn.person.role in COORDINATORS


def _item(turn: Turn, case: Case, *, with_area: bool) -> Option:
    today = fields.local_today(turn)
    days = (today - case.updated_at.astimezone(turn.timezone).date()).days
    label = turn.text(
        "cases.item",
        name=case.client_name,
        number=case.id,
        days=days,
        status=term_label(CASE_STATUSES[case.status], turn.locale),
    )
    if with_area:
        region = get_region(session=turn.session, code=case.area_code)
        label += f" · {region.name if region else case.area_code}"
    return Option(f"case:open:{case.id}", label)


def list_cases(turn: Turn) -> None:
    """/kasus: one's own open cases; for coordinators the area's, with optional filters."""
    if is_coordinator(turn):
        assert turn.person is not None
        words = turn.inbound.text.strip().split(maxsplit=1)
        filter_text = words[1] if len(words) > 1 and words[0].startswith("/") else ""
        village, ppks, problem = _filters(turn, filter_text)
        if problem is not None:
            turn.say(problem, text=filter_text[:40])
            return
        area_cases(turn, page=1, scope=village or turn.person.area_code, ppks=ppks)
        return
    own_cases(turn)


def own_cases(turn: Turn) -> None:
    """ "Kasus saya": the open cases the person reported."""
    person = turn.person
    assert person is not None and person.id is not None
    cases = own_open_cases(session=turn.session, reporter_id=person.id, area_code=person.area_code)
    if not cases:
        turn.say("cases.none")
        return
    options = [_item(turn, case, with_area=False) for case in cases[:PAGE_SIZE]]
    turn.say("cases.title", count=len(cases), options=options)


def village_cases(turn: Turn) -> None:
    """ "Kasus kelurahan" (ketua PSM): every open case of the kelurahan."""
    assert turn.person is not None
    area_cases(turn, page=1, scope=turn.person.area_code, ppks=None)


def _filters(turn: Turn, text: str) -> tuple[str | None, int | None, str | None]:
    """(area code, PPKS, problem) from "/kasus Pasteur", "/kasus lansia", "/kasus 8"."""
    assert turn.person is not None
    text = text.strip()
    if not text:
        return None, None, None
    if text.isdigit() and int(text) in PPKS:
        return None, int(text), None
    villages = [
        v
        for v in find_regions_by_name(session=turn.session, name=text, level=RegionLevel.VILLAGE)
        if within(v.code, turn.person.area_code) or turn.person.role == PersonRole.ADMIN
    ]
    if len(villages) == 1:
        return villages[0].code, None, None
    ppks = extract_category(normalize(text)).ppks
    if ppks is not None:
        return None, ppks, None
    return None, None, "cases.filter_unknown"


def area_cases(turn: Turn, *, page: int, scope: str, ppks: int | None) -> None:
    """One page of the open cases of an area (the person's, or a kelurahan of it)."""
    assert turn.person is not None
    cases, total = open_cases_in_area(
        session=turn.session,
        area_code=scope,
        ppks=ppks,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    region = get_region(session=turn.session, code=scope)
    where = region.name if region is not None else scope
    if ppks is not None:
        where += f" · {term_label(PPKS[ppks], turn.locale)}"
    if not total:
        turn.say("cases.none_area", area=where)
        return
    by_village = region is None or region.level != RegionLevel.VILLAGE
    options = [_item(turn, case, with_area=by_village) for case in cases]
    if page * PAGE_SIZE < total:
        options.append(
            Option(f"{PAGE_PREFIX}{page + 1}:{scope}:{ppks or ''}", turn.text("cases.next_page"))
        )
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    turn.say("cases.title_area", area=where, count=total, page=page, pages=pages, options=options)


def next_page(turn: Turn, choice: str) -> None:
    """`cases:page:{n}:{area}:{ppks}` pressed."""
    person = turn.person
    assert person is not None
    _, _, page, area_code, ppks = choice.split(":", 4)
    allowed = is_coordinator(turn) or person.role == PersonRole.KETUA_PSM
    if not allowed or (not within(area_code, person.area_code) and person.role != PersonRole.ADMIN):
        turn.say("cases.not_found")
        return
    category = int(ppks) if ppks.isdigit() else None
    area_cases(turn, page=max(1, int(page)), scope=area_code, ppks=category)
