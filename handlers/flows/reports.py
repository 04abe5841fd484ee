"""`/laporan [2026-W46 | 2026-11 | 2026]`: a coordinator asks for the report of their area.

The report is built from `storage/reports` and rendered by `handlers/reports` right in this turn;
the chart, PDF and XLSX are written under MEDIA_DIR and attached to the reply.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from handlers.messages import Reply
from handlers.reports.build import COORDINATORS, build_report
from handlers.reports.files import render_files
from handlers.reports.periods import Period, last_complete, parse_period
from handlers.reports.text import summary_text
from handlers.turn import Turn
from storage.audit import audit


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
    report = build_report(
        session=turn.session, area_code=person.area_code, period=period, now=turn.now
    )
    # One folder per request: a later request for the same week never rewrites sent files.
    token = hashlib.sha256(f"{turn.inbound.urn}:{turn.inbound.external_id}".encode()).hexdigest()
    attachments = render_files(
        report,
        media_dir=Path(turn.config.media_dir),
        folder=f"reports/{token[:20]}",
        locale=turn.locale,
    )
    # Like a notice: options of a report being written stay as they were.
    turn.replies.append(Reply(text=summary_text(report, turn.locale), attachments=attachments))
    audit(
        session=turn.session,
        action="report.requested",
        actor_id=person.id,
        subject_type="area",
        subject_id=report.area_code,
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
