"""What a PSM types about a case in their own words, and the confirmations before a change.

"ikut anaknya ke kel cipedes rt 3 rw 2" is a move to Kel. Cipedes (found by name within the
kab/kota), "sudah meninggal dunia" a closure, "sudah dirujuk ke RSUD" a referral. A closure
or a move is confirmed before it is saved; the PSM and TKSK of a new area are told, and the
sender hears about anyone who cannot be reached.
"""

from __future__ import annotations

import re
from typing import Any

from handlers.messages import Option
from handlers.parsing.normalize import normalize
from handlers.parsing.places import extract_places
from handlers.parsing.referrals import institution_of
from handlers.turn import Turn
from storage.cases import takers_of_area
from storage.models.cases import Case, CaseStatus
from storage.models.regions import Region
from storage.region_names import read_name
from storage.regions import display_name, get_region, villages_within

_MOVE_RE = re.compile(
    r"\b(?:pindah\w*|ikut|tinggal|mengontrak|ngontrak|kontrak|kos|kost|menumpang|numpang)\b"
)
_CLOSE_RE = re.compile(r"\b(?:meninggal|wafat|selesai|tutup|ditutup|sudah\s+mandiri)\b")
_REFER_RE = re.compile(r"\b(?:di|me)?rujuk\w*\b")
_VISIT_RE = re.compile(r"\b(?:di|me|ber)?kunjung\w*|\bjenguk|\bhome\s+visit\b")
_AID_RE = re.compile(r"\b(?:menerima|diterima|dapat|mendapat|sudah\s+terima)\s+bantuan\b")


def village_in_text(turn: Turn, text: str, near: str) -> Region | None:
    """The kelurahan/desa of the same kab/kota as `near` whose name the text contains."""
    regency = ".".join(near.split(".")[:2])
    villages = villages_within(session=turn.session, code=regency)
    found: list[tuple[int, Region]] = []
    for village in villages:
        name = normalize(read_name(village.name).plain)
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append((len(name), village))
    if not found:
        return None
    longest = max(length for length, _ in found)
    best = [village for length, village in found if length == longest]
    return best[0] if len(best) == 1 else None


def ask_confirmation(turn: Turn, key: str, **values: Any) -> None:
    """Ask Ya / Tidak before a change that is hard to undo."""
    turn.state.step = "confirm"
    turn.say(
        key,
        options=[
            Option("confirm:yes", turn.text("option.yes")),
            Option("confirm:no", turn.text("option.no")),
        ],
        **values,
    )


def propose_move(turn: Turn, case: Case, text: str) -> bool:
    """Read a new address and ask to confirm the move; False when no place is named."""
    normalized = normalize(text)
    places = extract_places(normalized)
    village = village_in_text(turn, normalized, case.area_code)
    if village is None and not (places.rt or places.rw):
        return False
    data = turn.state.data
    to_area = village.code if village is not None and village.code != case.area_code else None
    data["action"] = "moved"
    data["note"] = text[:200]
    data["move"] = {"to_area": to_area, "rt": places.rt, "rw": places.rw, "address": text[:200]}
    parts = []
    if to_area is not None and village is not None:
        parts.append(display_name(village))
    rt_rw = "/".join(
        p
        for p in (f"RT {places.rt}" if places.rt else "", f"RW {places.rw}" if places.rw else "")
        if p
    )
    if rt_rw:
        parts.append(rt_rw)
    key = "update.confirm_move" if to_area else "update.confirm_move_within"
    ask_confirmation(turn, key, name=case.client_name, place=", ".join(parts))
    return True


def understand(turn: Turn, case: Case) -> bool:
    """Free words at a case card: a move, closure, referral, visit or aid; False if none."""
    text = turn.inbound.text.strip()
    normalized = normalize(text)
    data = turn.state.data
    if _MOVE_RE.search(normalized) and propose_move(turn, case, text):
        return True
    if _CLOSE_RE.search(normalized):
        data["action"], data["note"] = "closed", text[:500]
        ask_confirmation(turn, "update.confirm_close", name=case.client_name)
        return True
    if _REFER_RE.search(normalized) and (code := institution_of(normalized)) is not None:
        from handlers.flows.case_update import ask_agreement

        data["action"], data["destination"] = "referral", code
        ask_agreement(turn)
        return True
    from handlers.flows.case_update import record_now

    if _VISIT_RE.search(normalized):
        data["action"] = "visit"
        record_now(turn, case, note=text[:500])
        return True
    if _AID_RE.search(normalized):
        data["action"] = "assistance"
        record_now(turn, case, note=text[:500])
        return True
    return False


def apply_move(turn: Turn, case: Case) -> None:
    """Change the case's address (and area) as confirmed; tell the new area's PSM and TKSK."""
    data = turn.state.data
    move = data.get("move") or {}
    old_area = case.area_code
    extra: dict[str, str] = {"address": move.get("address") or "", "from_area": old_area}
    if move.get("rt") or move.get("rw"):
        case.rt, case.rw = move.get("rt") or case.rt, move.get("rw") or case.rw
    case.address = (move.get("address") or case.address or "")[:200] or None
    to_area = move.get("to_area")
    if to_area:
        case.area_code = to_area
        case.status = CaseStatus.MOVED
        extra["to_area"] = to_area
        region = get_region(session=turn.session, code=to_area)
        tell_new_area(turn, case, to_area, region.name if region else to_area, old_area)
    data["extra"] = extra


def tell_new_area(turn: Turn, case: Case, area_code: str, area_name: str, old_area: str) -> None:
    """The PSM of the new kelurahan and the TKSK of its kecamatan take the case over."""
    people = takers_of_area(session=turn.session, area_code=area_code)
    old = get_region(session=turn.session, code=old_area)
    for other in people:
        if other.id != (turn.person.id if turn.person else None):
            turn.tell(
                other,
                "update.moved_notice",
                number=case.id,
                area=area_name,
                from_area=old.name if old else "-",
            )
