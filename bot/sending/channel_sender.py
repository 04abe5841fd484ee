"""One channel's sender: claims rows as slots free up, sends them, records every outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot.channels.base import ChannelAdapter, SendResult, SendStatus
from bot.leases import LeaseKeeper
from bot.metrics import Metrics
from bot.sending.backoff import retry_delay
from bot.sending.config import SenderConfig
from bot.sending.held_messages import follow_up, has_follow_up
from bot.sending.limiter import SendingPaused
from bot.sending.store import UNREACHABLE, OutcomeWriter, SenderStore
from handlers.messages import OutboundMessage
from storage import outbox, outbox_rescue, outbox_views
from storage.clock import database_now
from storage.models.messaging import Lane, OutboxStatus

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


async def _to_the_end(cleanup: Coroutine[Any, Any, None]) -> None:
    """Run a stop's cleanup to its end, even if the stopping task is cancelled once more."""
    task = asyncio.ensure_future(cleanup)
    while not task.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(task)
    task.result()


def _renew(session: Session, *, holder: str, outbox_ids: list[int], visibility: timedelta) -> int:
    return outbox.renew_claims(
        session=session, holder=holder, outbox_ids=outbox_ids, visibility=visibility
    )


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
        channel: str | None = None,
    ) -> None:
        self.engine = engine
        self.adapter = adapter
        # The outbox key it sends: the kind's code, or the key of a channel row.
        self.channel = channel or adapter.code
        self.holder = holder
        self.config = config
        self._clock = clock
        self._metrics = metrics
        self.max_in_flight = max(1, int(getattr(adapter, "max_in_flight", 16)))
        self.max_bulk = max(1, int(self.max_in_flight * config.bulk_share))
        # Free slots worth a claim at once; fewer wait `refill_seconds` for company.
        self.claim_batch = max(1, self.max_in_flight // 2)
        self._refill: asyncio.TimerHandle | None = None
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
        self._store = SenderStore(engine, name=self.channel, patience_seconds=config.claim_seconds)
        self._outcomes = OutcomeWriter(
            self._store,
            holder=holder,
            max_attempts=config.max_attempts,
            clock=clock,
            linger_seconds=config.outcome_linger_seconds,
        )

    def _rescue_claims_of(self, session: Session, previous: str) -> None:
        """Taking the lease over: the lapsed sender's rows go back to the queue at once."""
        count = outbox_rescue.rescue_claims_of(
            session=session, holder=previous, channel=self.channel
        )
        if count:
            log.warning(
                "%s: took over from %s; its %d unsent rows go out now",
                self.channel,
                previous,
                count,
            )

    # -- the loop ------------------------------------------------------------------------------

    def wake(self) -> None:
        """Look for work (call from the event loop's thread).

        With half the slots or more free, the claim goes out now; with fewer, after
        `refill_seconds`, so that a sender kept busy by the platform's limits claims several
        rows at a time rather than one transaction for every send.
        """
        if self.max_in_flight - len(self._in_flight) >= self.claim_batch:
            self._wake.set()
        elif self._refill is None:
            self._refill = asyncio.get_running_loop().call_later(
                self.config.refill_seconds, self._refill_now
            )

    def _refill_now(self) -> None:
        self._refill = None
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
        return await self._store.once(
            lambda session: outbox.claim(
                session=session,
                channel=self.channel,
                lane=lane,
                holder=self.holder,
                now=now,
                limit=limit,
                visibility=visibility,
                urn_scheme=self.adapter.code,
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
            locale=row.locale,
            last_inbound_at=row.last_inbound_at,
        )

        async def record_part(part_id: str) -> None:
            saved = await self._store.patiently(
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
                await self._store.patiently(
                    lambda session: outbox_rescue.release(
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
            self.wake()

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
            stored = await self._outcomes.store(outcome)
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
        if has_follow_up(result) and stored.value == status.value:  # stored as answered
            await self._follow_up(message, result)
        self.adapter.recorded(message, result)

    async def _follow_up(self, message: OutboundMessage, result: SendResult) -> None:
        """Admins told of a held message, or the full message queued after its template."""
        now = self._clock()
        try:
            await self._store.patiently(
                lambda session: follow_up(
                    session=session,
                    message=message,
                    result=result,
                    now=now,
                    timezone=self.config.timezone,
                    kind_code=self.adapter.code,
                )
            )
        except Exception:
            log.exception("%s: follow-up of outbox %s not queued", self.channel, message.outbox_id)

    async def _release_orphans(self) -> None:
        in_flight = list(self._in_flight)
        freed = await self._store.once(
            lambda session: outbox_rescue.release_orphans(
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
            renew = partial(_renew, holder=self.holder, outbox_ids=in_flight, visibility=visibility)
            try:
                await self._store.once(renew)
            except Exception as exc:
                log.warning("%s: claims not renewed this time: %s", self.channel, exc)

    async def _count_recent_sends(self) -> None:
        """A new holder of the lease counts the last minute's sends into its limiter."""
        limiter = getattr(self.adapter, "limiter", None)
        if limiter is None:
            return

        def recent(session: Session) -> list[tuple[str, float, int]]:
            now = database_now(session=session)
            sends = outbox_views.recent_sends(
                session=session, channel=self.channel, since=now - timedelta(minutes=1)
            )
            return [(a, (now - at).total_seconds(), n) for a, at, n in sends]

        try:
            sends = await self._store.once(recent)
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
                given_back = await self._store.once(
                    lambda session: outbox_rescue.release(
                        session=session, holder=self.holder, outbox_ids=list(unfinished)
                    ),
                )
                log.info("%s: %d unsent messages given back at stop", self.channel, given_back)
            except Exception:
                log.warning("%s: claims not given back; they lapse by themselves", self.channel)
        if self._refill is not None:
            self._refill.cancel()
        for helper in helpers:
            helper.cancel()
        for helper in helpers:
            with contextlib.suppress(asyncio.CancelledError):
                await helper
        if self.lease is not None:
            await asyncio.to_thread(self.lease.release)
