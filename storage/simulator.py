"""The simulator's own record of what people typed, for showing a whole chat again."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models.simulator import SimulatorLine


def record_line(*, session: Session, address: str, text: str, now: datetime) -> None:
    """Keep one message a person sent from the simulator page."""
    session.add(SimulatorLine(address=address, text=text[:4000], created_at=now))


def lines_of(*, session: Session, address: str, limit: int = 500) -> list[SimulatorLine]:
    """The person's side of the chat, oldest first (the newest `limit` lines)."""
    rows = session.exec(
        select(SimulatorLine)
        .where(SimulatorLine.address == address)
        .order_by(col(SimulatorLine.id).desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))
