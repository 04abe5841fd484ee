"""The audit log of who viewed, exported or changed personal data."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from storage.models.audit import AuditLog


def audit(
    *,
    session: Session,
    action: str,
    actor_id: int | None = None,
    actor_label: str | None = None,
    subject_type: str | None = None,
    subject_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record one audited action in the caller's transaction."""
    session.add(
        AuditLog(
            action=action,
            actor_id=actor_id,
            actor_label=actor_label,
            subject_type=subject_type,
            subject_id=None if subject_id is None else str(subject_id),
            detail=detail or {},
        )
    )
