"""The sender's database work: short transactions in a thread, through outages, in batches."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session

from bot.sending.backoff import backoff_seconds
from storage import outbox
from storage.db import transaction
from storage.models.messaging import OutboxStatus

log = logging.getLogger(__name__)

T = TypeVar("T")

# What the database raises while it is unreachable; anything else is a bug, not a blip.
UNREACHABLE = (OperationalError, InterfaceError)
# Outcomes stored in one transaction at most (those finishing while the last batch was stored).
OUTCOME_BATCH = 200


class SenderStore:
    """Runs a sender's transactions off the event loop, waiting out a database outage."""

    def __init__(self, engine: Engine, *, name: str, patience_seconds: float) -> None:
        self.engine = engine
        self._name = name
        # How long a write may wait for the database: a claim's lifetime, after which the row
        # is someone else's anyway.
        self._patience = patience_seconds

    def run(self, work: Callable[[Session], T]) -> T:
        """`work` in one transaction (blocking)."""
        with transaction(self.engine) as session:
            return work(session)

    async def once(self, work: Callable[[Session], T]) -> T:
        """`work` in one transaction, in a thread; a database error is raised at once."""
        return await asyncio.to_thread(self.run, work)

    async def patiently(self, work: Callable[[Session], T]) -> T:
        """`work` in one transaction, retried with backoff while the database is unreachable."""
        deadline = time.monotonic() + self._patience
        failures = 0
        while True:
            try:
                return await self.once(work)
            except UNREACHABLE:
                failures += 1
                delay = backoff_seconds(failures, base=0.2, cap=5.0, jitter=0.0)
                if time.monotonic() + delay > deadline:
                    raise
                log.warning("%s: database not reachable; retrying in %.1f s", self._name, delay)
                await asyncio.sleep(delay)


class OutcomeWriter:
    """Stores send outcomes as they come, the ones finishing together in one transaction."""

    def __init__(
        self,
        store: SenderStore,
        *,
        holder: str,
        max_attempts: int,
        clock: Callable[[], datetime],
        linger_seconds: float = 0.0,
    ) -> None:
        self._store = store
        self._linger = linger_seconds
        self._holder = holder
        self._max_attempts = max_attempts
        self._clock = clock
        self._waiting: list[tuple[outbox.Outcome, asyncio.Future[OutboxStatus | None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def store(self, outcome: outbox.Outcome) -> OutboxStatus | None:
        """The row's new status once stored; None when another sender took the row over."""
        done: asyncio.Future[OutboxStatus | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((outcome, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await done

    async def _write(self) -> None:
        if self._linger > 0 and len(self._waiting) < OUTCOME_BATCH:
            await asyncio.sleep(self._linger)  # sends finishing meanwhile join this batch
        while self._waiting:
            batch = self._waiting[:OUTCOME_BATCH]
            self._waiting = self._waiting[OUTCOME_BATCH:]
            try:
                stored = await self._store.patiently(
                    partial(self._record, [outcome for outcome, _done in batch], self._clock())
                )
            except Exception as exc:
                for _outcome, done in batch:
                    done.set_exception(exc)
                continue
            for outcome, done in batch:
                done.set_result(stored.get(outcome.outbox_id))

    def _record(
        self, outcomes: list[outbox.Outcome], now: datetime, session: Session
    ) -> dict[int, OutboxStatus | None]:
        return outbox.record_outcomes(
            session=session,
            holder=self._holder,
            now=now,
            outcomes=outcomes,
            max_attempts=self._max_attempts,
        )
