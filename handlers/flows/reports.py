"""`/laporan [2026-W46 | 2026-11 | 2026]`: a coordinator asks for the report of their area.

The turn only queues a render job and answers at once that the report is on its way; a render
worker builds the text, chart, PDF and XLSX outside this transaction and sends them to the chat
the request came from.
"""

from __future__ import annotations

from datetime import date

from handlers.turn import Turn
from reports.building.build import COORDINATORS
from reports.building.formatting import period_label
from reports.building.periods import Period, last_complete, parse_period
from storage.audit import audit
from storage.render_jobs import enqueue_render


def request_report(turn: Turn) -> None:
    """Reply with the report of the asked (default: last) period for the sender's own area."""
    person = turn.person
    assert person is not None and person.id is not None
    if person.role not in COORDINATORS:
        turn.say("reports.only_coordinators")
        return
    today = turn.local_now.date()
    period = _asked_period(turn.inbound.text, today)
    if period is None:
        turn.say(
            "reports.bad_period",
            week=last_complete("weekly", today).key,
            month=last_complete("monthly", today).key,
            year=str(today.year),
        )
        return
    if period.start > today:
        turn.say("reports.future", period=period.key)
        return
    inbound = turn.inbound
    enqueue_render(
        session=turn.session,
        # One job per request: a repeated delivery of the same message asks for nothing more
        # (message ids are per bot or number: a channel row's key tells two of them apart).
        idempotency_key=":".join(
            part
            for part in ("chat-report", inbound.channel_key, inbound.urn, inbound.external_id)
            if part
        )[:160],
        person_id=person.id,
        area_code=person.area_code,
        period=period.kind,
        period_start=period.start,
        now=turn.now,
        origin="chat",
        channel=inbound.reply_channel,
        address=turn.identity.address,
    )
    # Like a notice: options of a report being written stay as they were.
    turn.notice("deliveries.preparing", period=period_label(period, turn.locale))
    audit(
        session=turn.session,
        action="report.requested",
        actor_id=person.id,
        subject_type="area",
        subject_id=person.area_code,
        detail={"period": period.key},
    )


def _asked_period(text: str, today: date) -> Period | None:
    """The period after the command word; last week when none is given, None when unreadable."""
    words = text.split(maxsplit=1)
    if len(words) < 2:
        return last_complete("weekly", today)
    try:
        return parse_period(words[1])
    except ValueError:
        return None
