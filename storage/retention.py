"""Retention (UU PDP): what is kept how long, and the purge that removes the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, update
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
    outbox_payloads: int = 0  # rows whose content went: deleted, or emptied
    outbox_rows: int = 0  # of which deleted
    closed_cases: int = 0
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The numbers, for the audit log and the operator."""
        return {
            "inbound_messages": self.inbound_messages,
            "outbox_payloads": self.outbox_payloads,
            "outbox_rows": self.outbox_rows,
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

    Finished outbox rows past their time are deleted, so the queue's history does not grow
    without end; those with an idempotency key stay (the key keeps a scheduled message from
    going twice) with their content removed.
    """
    result = PurgeResult()
    inbound_cutoff = now - timedelta(days=policy.inbound_days)
    result.inbound_messages = _count_and_delete(session, inbound_cutoff)

    outbox_cutoff = now - timedelta(days=policy.outbox_days)
    result.outbox_rows, result.outbox_payloads = _purge_outbox(session, outbox_cutoff)

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


def _purge_outbox(session: Session, cutoff: datetime) -> tuple[int, int]:
    """Delete old finished rows without a key, empty the keyed ones; (deleted, emptied + deleted).

    Two statements whatever the history's size: no row is loaded.
    """
    old = (col(OutboxMessage.status).in_(FINISHED), col(OutboxMessage.created_at) < cutoff)
    deleted = session.execute(
        delete(OutboxMessage)
        .where(*old, col(OutboxMessage.idempotency_key).is_(None))
        .execution_options(synchronize_session=False)
    )
    emptied = session.execute(
        update(OutboxMessage)
        .where(
            *old,
            col(OutboxMessage.idempotency_key).is_not(None),
            OutboxMessage.payload["purged"].as_boolean().is_not(True),
        )
        .values(payload=dict(PURGED_PAYLOAD))
        .execution_options(synchronize_session=False)
    )
    removed = int(deleted.rowcount)  # type: ignore[attr-defined]
    return removed, removed + int(emptied.rowcount)  # type: ignore[attr-defined]


def _count_and_delete(session: Session, cutoff: datetime) -> int:
    deleted = session.execute(
        delete(InboundMessage)
        .where(col(InboundMessage.received_at) < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(deleted.rowcount)  # type: ignore[attr-defined]
