"""How long to wait before trying again: one formula for every retry in the service."""

from __future__ import annotations

import random

# 2, 4, 8 ... seconds, capped at ten minutes.
BASE_SECONDS = 2.0
CAP_SECONDS = 600.0
# After a send whose answer never came (a read timeout), the platform may have delivered it;
# waiting this long before the repeat keeps a slow platform from getting every message twice.
AMBIGUOUS_SECONDS = 60.0


def backoff_seconds(
    attempt: int,
    *,
    base: float = BASE_SECONDS,
    cap: float = CAP_SECONDS,
    jitter: float = 0.1,
) -> float:
    """The wait after the `attempt`-th failure (1 = first): exponential, capped, a little jitter.

    The jitter (±10 % by default) keeps many rows that failed together from coming due in the
    same instant again.
    """
    seconds = min(base * 2 ** max(0, attempt - 1), cap)
    return max(0.0, seconds * (1 + random.uniform(-jitter, jitter)))


def retry_delay(
    attempt: int,
    *,
    retry_after: float | None = None,
    ambiguous: bool = False,
    base: float = BASE_SECONDS,
    ambiguous_seconds: float = AMBIGUOUS_SECONDS,
) -> float:
    """The wait before a send is tried again, given what the platform said."""
    delay = retry_after if retry_after is not None else backoff_seconds(attempt, base=base)
    if ambiguous:
        delay = max(delay, ambiguous_seconds)
    return delay
