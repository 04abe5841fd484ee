"""The entry point: one chat message in, one ParsedMessage out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from handlers.parsing.activities import Evidence, classify
from handlers.parsing.categories import extract_category
from handlers.parsing.clients import Sex, extract_client
from handlers.parsing.counts import extract_count
from handlers.parsing.dates import extract_date
from handlers.parsing.normalize import clean, mask, normalize
from handlers.parsing.places import extract_places
from handlers.parsing.plans import Plan, extract_plan
from handlers.parsing.referrals import extract_referral
from handlers.parsing.roles import infer_role

# Long pastes (a whole chat export) are cut: a report's fields sit in its first lines, and the
# cut keeps the parser's time bounded whatever is sent.
MAX_CHARS = 2000
# Counts stated in these units for one named client describe family members, not people
# reached; a household size in "jiwa" ("sekeluarga 6 jiwa") is the household served, so counts.
_HOUSEHOLD_UNITS = frozenset({"anak", "anak-anak", "bersaudara"})
ELDERLY_AGE = 60


@dataclass(frozen=True)
class ParsedMessage:
    """Structured fields read from one PSM chat message (the `psmbot parse` contract)."""

    kind: Literal["activity", "case"]
    activity_type: str
    date: dt.date
    ppks: int | None
    rt: str | None
    rw: str | None
    count: int | None
    referral: str | None
    client_name: str | None
    client_age: int | None
    client_sex: Sex | None
    psm_role: str | None
    date_in_future: bool
    count_approximate: bool = False
    referral_planned: bool = False
    plan: Plan | None = None
    confidence: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, object]:
        """The DESIGN.md JSON object: the contract fields first, then the extra ones."""
        return {
            "kind": self.kind,
            "activity_type": self.activity_type,
            "date": self.date.isoformat(),
            "ppks": self.ppks,
            "rt": self.rt,
            "rw": self.rw,
            "count": self.count,
            "referral": self.referral,
            "client_name": self.client_name,
            "client_age": self.client_age,
            "client_sex": self.client_sex,
            "psm_role": self.psm_role,
            "date_in_future": self.date_in_future,
            "count_approximate": self.count_approximate,
            "referral_planned": self.referral_planned,
            "plan": None
            if self.plan is None
            else {
                "action": self.plan.action,
                "due_on": self.plan.due_on.isoformat(),
                "phrase": self.plan.phrase,
            },
            "confidence": dict(self.confidence),
            "missing": list(self.missing),
        }


def parse_message(text: str, now: dt.datetime) -> ParsedMessage:
    """Parse an informal Indonesian report; `now` is the message time in the sender's zone."""
    text = (text or "")[:MAX_CHARS]
    cleaned = clean(text)
    normalized = normalize(text)

    places = extract_places(normalized)
    # RT/RW numbers are masked so "RT/RW 03/05" is not read as a date, dates so "12/11" is
    # not read as a count.
    date = extract_date(mask(normalized, places.spans), now)
    count = extract_count(normalized, places.spans + date.spans)
    category = extract_category(normalized)
    referral = extract_referral(normalized)
    client = extract_client(cleaned, normalized)

    evidence = Evidence(
        ppks=category.ppks,
        ppks_strong=category.strong,
        count=count.count,
        has_referral=referral.referral is not None,
        has_name=client.name is not None,
        has_age=client.age is not None,
    )
    activity = classify(normalized, evidence)
    is_case = activity.kind == "case"

    count_value, count_conf = count.count, count.confidence
    if is_case and client.name and count.unit in _HOUSEHOLD_UNITS:
        count_value, count_conf = None, 0.0  # "janda, 3 anak": family size, not reach
    ppks, ppks_conf = category.ppks, category.confidence
    if ppks is None and is_case and client.age is not None and client.age >= ELDERLY_AGE:
        ppks, ppks_conf = 8, 0.5  # an unnamed group, but the client's age says lansia

    role, role_conf = infer_role(normalized, activity.activity_type)
    confidence = {
        "kind": activity.kind_confidence,
        "activity_type": activity.type_confidence,
        "date": date.confidence,
        "ppks": ppks_conf,
        "rt": places.rt_confidence,
        "rw": places.rw_confidence,
        "count": count_conf,
        "referral": referral.confidence,
        "client_name": client.name_confidence if is_case else 0.0,
        "client_age": 0.8 if is_case and client.age is not None else 0.0,
        "client_sex": 0.8 if is_case and client.sex is not None else 0.0,
        "psm_role": role_conf,
    }
    missing: list[str] = []
    if is_case:
        if ppks is None:
            missing.append("ppks")
        if client.name is None:
            missing.append("client_name")
    else:
        if activity.activity_type == "lainnya" and not activity.type_evidence:
            missing.append("activity_type")
        if count_value is None:
            missing.append("count")

    return ParsedMessage(
        kind=activity.kind,
        activity_type=activity.activity_type,
        date=date.date,
        ppks=ppks,
        rt=places.rt,
        rw=places.rw,
        count=count_value,
        referral=referral.referral,
        client_name=client.name if is_case else None,
        client_age=client.age if is_case else None,
        client_sex=client.sex if is_case else None,
        psm_role=role,
        date_in_future=date.in_future,
        count_approximate=count.approximate and count_value is not None,
        referral_planned=referral.planned,
        plan=extract_plan(normalized, now.date()) if is_case else None,
        confidence=confidence,
        missing=missing,
    )
