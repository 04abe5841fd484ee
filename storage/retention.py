"""Retention (UU PDP): what is kept how long, and the purge that removes the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.audit import audit
from storage.models.cases import Case, CaseStatus
from storage.models.messaging import InboundMessage, OutboxMessage, OutboxStatus
from storage.privacy import erase_case

# Outbox rows that are done with: their content is no longer needed to send them.
FINISHED = (
    OutboxStatus.SENT,
    OutboxStatus.DELIVERED,
    OutboxStatus.READ,
    OutboxStatus.FAILED,
    OutboxStatus.UNDELIVERABLE,
)
PURGED_PAYLOAD = {"text": "", "options": [], "attachments": [], "purged": True}


@dataclass(frozen=True)
class RetentionPolicy:
    """How many days each kind of record is kept."""

    inbound_days: int = 90
    outbox_days: int = 90
    closed_case_days: int = 1825


@dataclass
class PurgeResult:
    """What one purge removed; `files` are media to delete once the transaction commits."""

    inbound_messages: int = 0
    outbox_payloads: int = 0
    closed_cases: int = 0
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The numbers, for the audit log and the operator."""
        return {
            "inbound_messages": self.inbound_messages,
            "outbox_payloads": self.outbox_payloads,
            "closed_cases": self.closed_cases,
            "media_files": len(self.files),
        }


def purge(
    *,
    session: Session,
    now: datetime,
    policy: RetentionPolicy,
    actor_label: str = "retention",
) -> PurgeResult:
    """Delete inbound logs, sent message contents and closed cases past their time.

    Outbox rows stay (their idempotency keys keep scheduled messages from going twice); only
    their content goes.
    """
    result = PurgeResult()
    inbound_cutoff = now - timedelta(days=policy.inbound_days)
    result.inbound_messages = _count_and_delete(session, inbound_cutoff)

    outbox_cutoff = now - timedelta(days=policy.outbox_days)
    rows = session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.status).in_(FINISHED),
            col(OutboxMessage.created_at) < outbox_cutoff,
        )
    ).all()
    for row in rows:
        if row.payload.get("purged"):
            continue
        row.payload = dict(PURGED_PAYLOAD)
        session.add(row)
        result.outbox_payloads += 1

    case_cutoff = now - timedelta(days=policy.closed_case_days)
    closed = session.exec(
        select(Case).where(
            Case.status == CaseStatus.CLOSED,
            col(Case.closed_at).is_not(None),
            col(Case.closed_at) < case_cutoff,
        )
    ).all()
    for case in closed:
        erased = erase_case(
            session=session,
            case=case,
            reason=f"retention: closed more than {policy.closed_case_days} days ago",
            actor_label=actor_label,
        )
        result.files += erased.files
        result.closed_cases += 1
    session.flush()
    audit(
        session=session,
        action="retention.purge",
        actor_label=actor_label,
        detail={
            **result.counts(),
            "inbound_days": policy.inbound_days,
            "outbox_days": policy.outbox_days,
            "closed_case_days": policy.closed_case_days,
        },
    )
    return result


def _count_and_delete(session: Session, cutoff: datetime) -> int:
    old = col(InboundMessage.received_at) < cutoff
    count = len(session.exec(select(InboundMessage.id).where(old)).all())
    if count:
        session.exec(delete(InboundMessage).where(old))
    return count
