"""UU PDP requests: everything held about a person, and erasing a case with all it touched."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import String, cast, delete, or_
from sqlmodel import Session, SQLModel, col, select

from storage.audit import audit
from storage.models.activities import Activity, ActivityCase, ActivityChange
from storage.models.audit import AuditLog
from storage.models.cases import Case, CaseEvent
from storage.models.dashboard import DashboardSession
from storage.models.media import Media
from storage.models.meetings import Meeting, MeetingAttendance
from storage.models.messaging import (
    ConversationState,
    InboundMessage,
    OutboxMessage,
    OutboxStatus,
)
from storage.models.people import Identity, Person
from storage.models.schedules import ReportSubscription

ERASED_TEXT = "[dihapus]"
# Case fields that are the client's, not the reporter's: left out of a PSM's own export.
_CLIENT_FIELDS = frozenset(
    {
        "client_name",
        "client_sex",
        "client_age",
        "client_birth_year",
        "nik",
        "nik_hash",
        "address",
        "problem",
        "outcome",
    }
)


def _plain(value: Any) -> Any:
    """A column value as JSON can hold it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _record(row: SQLModel, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {k: _plain(v) for k, v in row.model_dump().items() if k not in leave_out}


def person_export(*, session: Session, person: Person) -> dict[str, Any]:
    """All data held about a person (a PSM or coordinator), as JSON-ready values.

    Cases they reported are listed without the client's personal data: that is the client's,
    not theirs, and is handed out only on the client's own request.
    """
    assert person.id is not None
    pid = person.id
    identities = session.exec(select(Identity).where(Identity.person_id == pid)).all()
    urns = [i.urn for i in identities]
    inbound = (
        session.exec(
            select(InboundMessage)
            .where(col(InboundMessage.urn).in_(urns))
            .order_by(col(InboundMessage.id))
        ).all()
        if urns
        else []
    )

    def rows(
        model: type[SQLModel], *where: Any, leave_out: frozenset[str] = frozenset()
    ) -> list[Any]:
        found = session.exec(select(model).where(*where)).all()
        return [_record(r, leave_out) for r in found]

    return {
        "person": _record(person),
        "identities": [_record(i) for i in identities],
        "activities": rows(Activity, Activity.reporter_id == pid),
        "activity_changes": rows(ActivityChange, ActivityChange.actor_id == pid),
        "cases_reported": rows(Case, Case.reporter_id == pid, leave_out=_CLIENT_FIELDS),
        "case_events": rows(
            CaseEvent, CaseEvent.actor_id == pid, leave_out=frozenset({"note", "data"})
        ),
        "media_uploaded": rows(Media, Media.uploaded_by == pid),
        "meetings_organised": rows(Meeting, Meeting.organiser_id == pid),
        "meeting_answers": rows(MeetingAttendance, MeetingAttendance.person_id == pid),
        "report_subscriptions": rows(ReportSubscription, ReportSubscription.person_id == pid),
        "messages_received_from": [
            {"at": _plain(m.received_at), "kind": m.kind, "channel": m.channel} for m in inbound
        ],
        "messages_sent_to": rows(OutboxMessage, OutboxMessage.person_id == pid),
        "audit_log_as_actor": rows(AuditLog, AuditLog.actor_id == pid),
        # When they signed in to the dashboard (the token hashes open nothing and stay out).
        "dashboard_sessions": rows(
            DashboardSession,
            DashboardSession.person_id == pid,
            leave_out=frozenset({"token_hash"}),
        ),
    }


@dataclass
class ErasedCase:
    """What erasing a case removed; `files` are to be deleted once the transaction commits."""

    case_id: int
    events: int = 0
    media: int = 0
    activity_links: int = 0
    messages_scrubbed: int = 0
    drafts_reset: int = 0
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The numbers, for the audit log and the operator."""
        return {
            "events": self.events,
            "media": self.media,
            "activity_links": self.activity_links,
            "messages_scrubbed": self.messages_scrubbed,
            "drafts_reset": self.drafts_reset,
        }


def erase_case(
    *,
    session: Session,
    case: Case,
    reason: str,
    actor_id: int | None = None,
    actor_label: str | None = None,
) -> ErasedCase:
    """Delete a case, its events, its media and every message or draft that mentions it.

    Activities done for the case stay (they are the PSM's work) with their neutral
    description; their link to the case goes. The erasure itself is audited, without any of
    the erased data.
    """
    assert case.id is not None
    case_id = case.id
    result = ErasedCase(case_id=case_id)
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
    event_ids = [e.id for e in events]
    media = session.exec(
        select(Media).where(
            or_(col(Media.case_id) == case_id, col(Media.case_event_id).in_(event_ids))
        )
    ).all()
    paths = {m.path for m in media}
    for item in media:
        session.delete(item)
    result.media = len(media)
    session.flush()
    # A file is named by its checksum, so another record may hold the same one: keep it then.
    still_used = set(
        session.exec(select(Media.path).where(col(Media.path).in_(paths))).all() if paths else []
    )
    result.files = sorted(paths - still_used)

    result.activity_links = len(
        session.exec(select(ActivityCase).where(ActivityCase.case_id == case_id)).all()
    )
    session.exec(delete(ActivityCase).where(col(ActivityCase.case_id) == case_id))
    for event in events:
        session.delete(event)
    result.events = len(events)

    result.messages_scrubbed = _scrub_messages(session=session, case=case)
    result.drafts_reset = _reset_drafts(session=session, case_id=case_id)
    session.delete(case)
    session.flush()
    audit(
        session=session,
        action="case.erase",
        actor_id=actor_id,
        actor_label=actor_label,
        subject_type="case",
        subject_id=case_id,
        detail={"reason": reason[:500], **result.counts()},
    )
    return result


def _scrub_messages(*, session: Session, case: Case) -> int:
    """Outbox rows about the case (follow-ups) or naming its client lose their text."""
    conditions = [col(OutboxMessage.idempotency_key).like(f"followup:{case.id}:%")]
    if case.client_name and len(case.client_name) >= 3:
        conditions.append(cast(col(OutboxMessage.payload), String).like(f"%{case.client_name}%"))
    rows = session.exec(select(OutboxMessage).where(or_(*conditions))).all()
    for row in rows:
        row.payload = {"text": ERASED_TEXT, "options": [], "attachments": []}
        if row.status in (OutboxStatus.PENDING, OutboxStatus.HELD):
            row.status = OutboxStatus.FAILED
            row.last_error = "erased with its case"
        session.add(row)
    return len(rows)


def _reset_drafts(*, session: Session, case_id: int) -> int:
    """Conversations in the middle of the case (an update, an activity for it) start afresh."""
    reset = 0
    for state in session.exec(
        select(ConversationState).where(col(ConversationState.flow).is_not(None))
    ):
        data = state.data or {}
        if data.get("case_id") == case_id or (data.get("draft") or {}).get("case_id") == case_id:
            state.flow, state.step, state.data, state.options = None, None, {}, []
            session.add(state)
            reset += 1
    return reset
