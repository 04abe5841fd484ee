"""One channel's sender: claims rows as slots free up, sends them, records every outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session

from bot.channels.base import ChannelAdapter, SendResult, SendStatus
from bot.leases import LeaseKeeper
from bot.metrics import Metrics
from bot.sending.backoff import retry_delay
from bot.sending.limiter import SendingPaused
from handlers.messages import OutboundMessage
from storage import outbox
from storage.clock import database_now
from storage.db import transaction
from storage.models.messaging import Lane, OutboxStatus

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]
# What the database raises while it is unreachable; anything else is a bug, not a blip.
UNREACHABLE = (OperationalError, InterfaceError)
# Outcomes stored in one transaction at most (those finishing while the last batch was stored).
OUTCOME_BATCH = 200


@dataclass(frozen=True, slots=True)
class SenderConfig:
    """How the sender claims, retries and gives way."""

    max_attempts: int = 8
    poll_seconds: float = 0.5
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


async def _to_the_end(cleanup: Coroutine[Any, Any, None]) -> None:
    """Run a stop's cleanup to its end, even if the stopping task is cancelled once more."""
    task = asyncio.ensure_future(cleanup)
    while not task.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(task)
    task.result()


class ClaimLost(Exception):
    """Another sender took the row over (our claim lapsed): stop, record nothing."""


class ChannelSender:
    """Sends one channel's outbox rows, a bounded number at a time, interactive ones first."""

    def __init__(
        self,
        engine: Engine,
        adapter: ChannelAdapter,
        *,
        holder: str,
        config: SenderConfig,
        clock: Clock,
        metrics: Metrics | None = None,
    ) -> None:
        self.engine = engine
        self.adapter = adapter
        self.channel = adapter.code
        self.holder = holder
        self.config = config
        self._clock = clock
        self._metrics = metrics
        self.max_in_flight = max(1, int(getattr(adapter, "max_in_flight", 16)))
        self.max_bulk = max(1, int(self.max_in_flight * config.bulk_share))
        self.lease: LeaseKeeper | None = None
        if getattr(adapter, "exclusive", False):
            self.lease = LeaseKeeper(
                engine,
                f"sender:{self.channel}",
                holder,
                ttl_seconds=config.lease_seconds,
                on_takeover=self._rescue_claims_of,
            )
            limiter = getattr(adapter, "limiter", None)
            if limiter is not None:
                limiter.gate = self.lease.valid
        self._in_flight: dict[int, tuple[asyncio.Task[None], Lane]] = {}
        self._recording: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        # A claim may have committed without our knowing (the connection dropped meanwhile).
        self._orphans_possible = False
        # Outcomes waiting to be stored, and the task storing them a batch at a time.
        self._outcomes: list[tuple[outbox.Outcome, asyncio.Future[OutboxStatus | None]]] = []
        self._writer: asyncio.Task[None] | None = None

    def _rescue_claims_of(self, session: Session, previous: str) -> None:
        """Taking the lease over: the lapsed sender's rows go back to the queue at once."""
        count = outbox.rescue_claims_of(session=session, holder=previous, channel=self.channel)
        if count:
            log.warning(
                "%s: took over from %s; its %d unsent rows go out now",
                self.channel,
                previous,
                count,
            )

    # -- the loop ------------------------------------------------------------------------------

    def wake(self) -> None:
        """Look for work now (call from the event loop's thread)."""
        self._wake.set()

    async def run(self) -> None:
        """Send until cancelled; on the way out, finish or give back what is in flight."""
        helpers = [asyncio.create_task(self._renew_claims(), name=f"claims:{self.channel}")]
        if self.lease is not None:
            helpers.append(asyncio.create_task(self.lease.keep(), name=f"lease:{self.channel}"))
        try:
            while True:
                if self.lease is not None and not self.lease.valid():
                    await self.lease.wait_held()
                    await self._count_recent_sends()
                # Cleared before claiming: a send finishing meanwhile wakes the next round.
                self._wake.clear()
                try:
                    if self._orphans_possible:
                        await self._release_orphans()
                    await self._fill()
                except UNREACHABLE:
                    self._orphans_possible = True
                    log.warning("%s: outbox not reachable; trying again", self.channel)
                except Exception:  # the loop must outlive a bad row
                    log.exception("%s: claiming failed", self.channel)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.config.poll_seconds):
                        await self._wake.wait()
        finally:
            await _to_the_end(self._shut_down(helpers))

    async def drain_once(self) -> int:
        """Claim what is due now, send it, wait for every outcome; returns rows handled."""
        if self.lease is not None and not await asyncio.to_thread(self.lease.try_acquire):
            return 0
        started = await self._fill()
        while self._in_flight or self._recording:
            await asyncio.gather(
                *(task for task, _lane in self._in_flight.values()),
                *self._recording,
                return_exceptions=True,
            )
        return started

    async def _fill(self) -> int:
        """Claim rows for the free slots: interactive first, bulk within its share."""
        started = 0
        free = self.max_in_flight - len(self._in_flight)
        if free > 0:
            started += self._start(await self._claim(Lane.INTERACTIVE, free), Lane.INTERACTIVE)
        bulk = sum(1 for _task, lane in self._in_flight.values() if lane is Lane.BULK)
        free = min(self.max_in_flight - len(self._in_flight), self.max_bulk - bulk)
        if free > 0:
            started += self._start(await self._claim(Lane.BULK, free), Lane.BULK)
        return started

    async def _claim(self, lane: Lane, limit: int) -> list[outbox.Claimed]:
        if self.lease is not None and not self.lease.valid():
            return []
        visibility = timedelta(seconds=self.config.claim_seconds)
        now = self._clock()
        return await asyncio.to_thread(
            self._in_transaction,
            lambda session: outbox.claim(
                session=session,
                channel=self.channel,
                lane=lane,
                holder=self.holder,
                now=now,
                limit=limit,
                visibility=visibility,
            ),
        )

    def _start(self, rows: list[outbox.Claimed], lane: Lane) -> int:
        for row in rows:
            task = asyncio.create_task(self._send_one(row), name=f"send:{row.id}")
            self._in_flight[row.id] = (task, lane)
        return len(rows)

    # -- one send ------------------------------------------------------------------------------

    async def _send_one(self, row: outbox.Claimed) -> None:
        outbox_id = row.id
        message = OutboundMessage.from_payload(
            outbox_id,
            row.channel,
            row.address,
            row.kind,
            row.payload,
            parts_sent=row.part_ids,
            urgent=row.lane == Lane.INTERACTIVE,
        )

        async def record_part(part_id: str) -> None:
            saved = await self._store(
                lambda session: outbox.record_part(
                    session=session,
                    outbox_id=outbox_id,
                    holder=self.holder,
                    part_id=part_id,
                    visibility=timedelta(seconds=self.config.claim_seconds),
                )
            )
            if not saved:
                raise ClaimLost(f"outbox {outbox_id} was taken over")

        try:
            try:
                result = await self.adapter.send(message, record_part)
            except SendingPaused:
                await self._store(
                    lambda session: outbox.release(
                        session=session, holder=self.holder, outbox_ids=[outbox_id]
                    )
                )
                return
            except ClaimLost as exc:
                log.warning("%s: %s; its outcome is left to the new sender", self.channel, exc)
                return
            except Exception as exc:  # an adapter bug must not lose the message
                log.exception("adapter %s raised on outbox %s", self.channel, outbox_id)
                result = SendResult(SendStatus.RETRY, error=repr(exc))
            # Once sent, the outcome is stored even if the sender is stopping meanwhile.
            recording = asyncio.create_task(self._record(row, message, result))
            self._recording.add(recording)
            recording.add_done_callback(self._recording.discard)
            await asyncio.shield(recording)
        finally:
            self._in_flight.pop(outbox_id, None)
            self._wake.set()

    async def _record(
        self, row: outbox.Claimed, message: OutboundMessage, result: SendResult
    ) -> None:
        status = result.status
        if status is SendStatus.RETRY:
            delay = retry_delay(
                row.attempts,
                retry_after=result.retry_after,
                ambiguous=result.ambiguous,
                base=self.config.retry_base_seconds,
                ambiguous_seconds=self.config.ambiguous_retry_seconds,
            )
            outcome = outbox.Outcome(
                row.id,
                OutboxStatus.PENDING,
                row.attempts,
                error=result.error or "retry",
                delay=timedelta(seconds=delay),
            )
        elif status is SendStatus.SENT:
            outcome = outbox.Outcome(
                row.id, OutboxStatus.SENT, row.attempts, external_id=result.external_id
            )
        else:
            outcome = outbox.Outcome(
                row.id, OutboxStatus(status.value), row.attempts, error=result.error
            )
        try:
            stored = await self._store_outcome(outcome)
        except UNREACHABLE:
            log.error(
                "%s: outcome of outbox %s (%s) not stored: the database stayed away",
                self.channel,
                row.id,
                status,
            )
            return
        if stored is None:
            log.warning("%s: outbox %s was taken over before its outcome", self.channel, row.id)
            return
        if stored is OutboxStatus.SENT:
            label = "sent"
        elif stored is OutboxStatus.PENDING:
            label = "rate_limited" if result.rate_limited else "retried"
        else:
            label = "dead" if status is SendStatus.RETRY else stored.value
        if self._metrics is not None:
            self._metrics.sends.labels(self.channel, label).inc()
        if stored is not OutboxStatus.SENT:
            log.warning("outbox %s: %s (%s)", row.id, label, result.error)
        self.adapter.recorded(message, result)

    async def _store_outcome(self, outcome: outbox.Outcome) -> OutboxStatus | None:
        """Store one outcome with the others finishing meanwhile: one transaction a batch."""
        done: asyncio.Future[OutboxStatus | None] = asyncio.get_running_loop().create_future()
        self._outcomes.append((outcome, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_outcomes())
        return await done

    async def _write_outcomes(self) -> None:
        while self._outcomes:
            batch = self._outcomes[:OUTCOME_BATCH]
            self._outcomes = self._outcomes[OUTCOME_BATCH:]
            outcomes = [outcome for outcome, _done in batch]
            now = self._clock()
            try:
                stored = await self._store(
                    lambda session, items=outcomes, at=now: outbox.record_outcomes(  # type: ignore[misc]
                        session=session,
                        holder=self.holder,
                        now=at,
                        outcomes=items,
                        max_attempts=self.config.max_attempts,
                    )
                )
            except Exception as exc:
                for _outcome, done in batch:
                    done.set_exception(exc)
                continue
            for outcome, done in batch:
                done.set_result(stored.get(outcome.outbox_id))

    # -- the database, through outages -----------------------------------------------------------

    def _in_transaction(self, work: Callable[[Session], T]) -> T:
        with transaction(self.engine) as session:
            return work(session)

    async def _store(self, work: Callable[[Session], T]) -> T:
        """Run `work` in a transaction, waiting out a database outage for a claim's lifetime."""
        deadline = time.monotonic() + self.config.claim_seconds
        delay = 0.2
        while True:
            try:
                return await asyncio.to_thread(self._in_transaction, work)
            except UNREACHABLE:
                if time.monotonic() + delay > deadline:
                    raise
                log.warning("%s: database not reachable; retrying in %.1f s", self.channel, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _release_orphans(self) -> None:
        in_flight = list(self._in_flight)
        freed = await asyncio.to_thread(
            self._in_transaction,
            lambda session: outbox.release_orphans(
                session=session, holder=self.holder, channel=self.channel, in_flight=in_flight
            ),
        )
        self._orphans_possible = False
        if freed:
            log.warning(
                "%s: %d rows claimed as the database went away given back", self.channel, freed
            )

    async def _renew_claims(self) -> None:
        visibility = timedelta(seconds=self.config.claim_seconds)
        while True:
            await asyncio.sleep(self.config.claim_seconds / 3)
            in_flight = list(self._in_flight)
            if not in_flight:
                continue
            try:
                await asyncio.to_thread(
                    self._in_transaction,
                    lambda session, ids=in_flight: outbox.renew_claims(
                        session=session,
                        holder=self.holder,
                        outbox_ids=ids,
                        visibility=visibility,
                    ),
                )
            except Exception as exc:
                log.warning("%s: claims not renewed this time: %s", self.channel, exc)

    async def _count_recent_sends(self) -> None:
        """A new holder of the lease counts the last minute's sends into its limiter."""
        limiter = getattr(self.adapter, "limiter", None)
        if limiter is None:
            return

        def recent(session: Session) -> list[tuple[str, float, int]]:
            now = database_now(session=session)
            sends = outbox.recent_sends(
                session=session, channel=self.channel, since=now - timedelta(minutes=1)
            )
            return [(a, (now - at).total_seconds(), n) for a, at, n in sends]

        try:
            sends = await asyncio.to_thread(self._in_transaction, recent)
        except Exception as exc:
            log.warning("%s: recent sends not counted: %s", self.channel, exc)
            return
        for address, seconds_ago, parts in sends:
            if 0 <= seconds_ago <= 60:
                limiter.seed(address, seconds_ago, parts)

    async def _shut_down(self, helpers: list[asyncio.Task[None]]) -> None:
        """Let sends already out finish for a moment, give the rest back, free the lease."""
        tasks = [task for task, _lane in self._in_flight.values()]
        if tasks:
            await asyncio.wait(tasks, timeout=self.config.shutdown_grace_seconds)
        unfinished = dict(self._in_flight)
        for task, _lane in unfinished.values():
            task.cancel()
        for task, _lane in unfinished.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._recording:
            await asyncio.wait(list(self._recording), timeout=self.config.shutdown_grace_seconds)
        if unfinished:
            try:
                given_back = await asyncio.to_thread(
                    self._in_transaction,
                    lambda session: outbox.release(
                        session=session, holder=self.holder, outbox_ids=list(unfinished)
                    ),
                )
                log.info("%s: %d unsent messages given back at stop", self.channel, given_back)
            except Exception:
                log.warning("%s: claims not given back; they lapse by themselves", self.channel)
        for helper in helpers:
            helper.cancel()
        for helper in helpers:
            with contextlib.suppress(asyncio.CancelledError):
                await helper
        if self.lease is not None:
            await asyncio.to_thread(self.lease.release)
