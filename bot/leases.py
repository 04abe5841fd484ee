"""Keeping a database lease from a running process: renewed in the background, checked locally.

The lease's expiry is set in the database's clock. Locally the holder counts its lease as
valid until `ttl - margin` after it *asked* for the renewal (monotonic clock), which is never
later than the expiry the database recorded: a holder cut off from the database stops acting
before anyone else can take the lease over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from storage.db import transaction
from storage.leases import release_lease, renew_held_lease, take_lease

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """The lease is not held (any more): the work it guards must not run."""


def process_holder(role: str = "") -> str:
    """A name for this process, unique across hosts and restarts."""
    name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    return f"{name}:{role}"[:80] if role else name[:80]


class LeaseKeeper:
    """Takes and renews one named lease for one holder."""

    def __init__(
        self,
        engine: Engine,
        name: str,
        holder: str,
        *,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        on_takeover: Callable[[Session, str], object] | None = None,
    ) -> None:
        self.engine = engine
        self.name = name
        self.holder = holder
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._valid_until = 0.0
        # Run in the transaction that takes the lease over from a lapsed holder, with its name.
        self._on_takeover = on_takeover

    @property
    def margin_seconds(self) -> float:
        """How much earlier than the database the holder gives its lease up."""
        return self.ttl_seconds / 4

    @property
    def renew_every(self) -> float:
        """Renewals come often enough that two can fail before the lease is lost."""
        return self.ttl_seconds / 4

    @property
    def unit_budget_seconds(self) -> float:
        """How long one unit of work may run: it commits (renewing the lease) well before the
        lease would lapse locally, however slow the machine or the database is today."""
        return self.ttl_seconds / 4

    def valid(self) -> bool:
        """Whether this process holds the lease now (no database round trip)."""
        return self._clock() < self._valid_until

    def try_acquire(self) -> bool:
        """Take or renew the lease now (blocking); False while someone else holds it."""
        asked = self._clock()
        try:
            with transaction(self.engine) as session:
                taken = take_lease(
                    session=session,
                    name=self.name,
                    holder=self.holder,
                    ttl=timedelta(seconds=self.ttl_seconds),
                )
                if taken is not None and taken[1] is not None and self._on_takeover is not None:
                    self._on_takeover(session, taken[1])
        except Exception as exc:
            log.warning("lease %s: the database did not answer: %s", self.name, exc)
            return self.valid()
        was_valid = self.valid()
        if taken is None:
            self._valid_until = 0.0
            if was_valid:
                log.warning("lease %s taken over from %s", self.name, self.holder)
            return False
        self._valid_until = asked + self.ttl_seconds - self.margin_seconds
        if not was_valid:
            log.info("lease %s held by %s", self.name, self.holder)
        return True

    @contextlib.contextmanager
    def unit(self) -> Iterator[Session]:
        """A transaction that runs only while the lease is held, and renews it on commit.

        Work done in units keeps the lease by itself, whatever the renewal task is doing:
        a long catch-up made of many short units never lets the lease lapse. Raises
        `LeaseLost` (before any work) when the lease is not held.
        """
        if not self.valid():
            raise LeaseLost(self.name)
        asked = self._clock()
        with transaction(self.engine) as session:
            if (
                renew_held_lease(
                    session=session,
                    name=self.name,
                    holder=self.holder,
                    ttl=timedelta(seconds=self.ttl_seconds),
                )
                is None
            ):
                self._valid_until = 0.0
                raise LeaseLost(self.name)
            yield session
        self._valid_until = max(self._valid_until, asked + self.ttl_seconds - self.margin_seconds)

    async def keep(self) -> None:
        """Renew forever (cancel to stop); takes the lease whenever it is free.

        Renewals run on a thread of their own, so they never queue behind the process's other
        database work: a busy process does not lose its lease for being busy.
        """
        loop = asyncio.get_running_loop()
        own_thread = ThreadPoolExecutor(1, thread_name_prefix=f"lease-{self.name}")
        try:
            while True:
                await loop.run_in_executor(own_thread, self.try_acquire)
                await asyncio.sleep(self.renew_every)
        finally:
            own_thread.shutdown(wait=False)

    async def wait_held(self, poll_seconds: float = 0.2) -> None:
        """Return once the lease is held (by `keep` running beside)."""
        while not self.valid():
            await asyncio.sleep(poll_seconds)

    def release(self) -> None:
        """Give the lease up (blocking) so another process may take it at once."""
        if self._valid_until == 0.0:
            return
        self._valid_until = 0.0
        try:
            with transaction(self.engine) as session:
                release_lease(session=session, name=self.name, holder=self.holder)
        except Exception as exc:
            log.warning("lease %s not released; it lapses by itself: %s", self.name, exc)
