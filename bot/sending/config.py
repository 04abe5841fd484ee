"""How the sender claims, retries and gives way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SenderConfig:
    """The sender's timings and shares (production defaults; tests shorten them)."""

    max_attempts: int = 8
    poll_seconds: float = 0.5
    # A slot freed while most are busy is filled with others freed within this window (one
    # claim for several rows); past half the slots free, the claim goes out at once.
    refill_seconds: float = 0.1
    # Outcomes of sends finishing within this window are stored in one transaction.
    outcome_linger_seconds: float = 0.05
    # A claim lasts this long unless renewed; renewed every third of it while the send runs.
    claim_seconds: float = 45.0
    # The lease of an exclusive channel's sender; another process takes over after it lapses.
    lease_seconds: float = 15.0
    # How often lapsed claims (of dead processes) are given back to the queue.
    rescue_seconds: float = 10.0
    # On a clean stop, sends already out get this long to finish before the rest is given back.
    shutdown_grace_seconds: float = 5.0
    # Bulk may fill this share of the slots; the rest stays free for replies.
    bulk_share: float = 0.75
    retry_base_seconds: float = 2.0
    # The wait before repeating a send whose answer never came (it may have been delivered).
    ambiguous_retry_seconds: float = 60.0
    # The zone whose day counts for "admins are told once a day" about held messages.
    timezone: str = "Asia/Jakarta"
