"""A lease passes between holders only after it lapses, and a renewal never shortens it."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.leases import LeaseKeeper
from storage.db import transaction
from storage.leases import lease_holder, renew_held_lease, take_lease
from storage.models.leases import Lease


def expiry(engine: Engine) -> object:
    with Session(engine) as session:
        lease = session.get(Lease, "job")
        assert lease is not None
        return lease.expires_at


def test_a_held_lease_is_not_taken_and_a_renewal_never_moves_its_expiry_back(
    engine: Engine,
) -> None:
    with transaction(engine) as session:
        assert take_lease(session=session, name="job", holder="a", ttl=timedelta(minutes=5))
    long = expiry(engine)
    with transaction(engine) as session:
        assert take_lease(session=session, name="job", holder="b", ttl=timedelta(minutes=5)) is None
        # A shorter renewal by the holder keeps the later expiry it already has.
        assert take_lease(session=session, name="job", holder="a", ttl=timedelta(seconds=1))
        assert renew_held_lease(session=session, name="job", holder="a", ttl=timedelta(seconds=1))
    assert expiry(engine) == long
    with Session(engine) as session:
        assert lease_holder(session=session, name="job") == "a"


def test_renewals_queued_behind_back_to_back_units_never_cut_the_lease(engine: Engine) -> None:
    """The keeper renews the whole time while units of work follow each other without a gap.

    Each renewal waits for the lock the running unit holds (on SQLite, the write lock, which
    the next unit often takes first): it must read the clock after the wait, and must never
    write an expiry older than a unit's, or the next unit would find its lease gone.
    """
    keeper = LeaseKeeper(engine, "job", "a", ttl_seconds=4)
    assert keeper.try_acquire()
    stop = threading.Event()

    def keep_renewing() -> None:
        while not stop.is_set():
            keeper.try_acquire()

    renewer = threading.Thread(target=keep_renewing)
    renewer.start()
    try:
        for _ in range(6):  # six seconds of units: one and a half leases
            with keeper.unit():
                time.sleep(1)
    finally:
        stop.set()
        renewer.join()
    with Session(engine) as session:
        assert lease_holder(session=session, name="job") == "a"
