"""What the service counts, for `/metrics` in Prometheus' text format.

Each process has its own registry (a deployment's processes are scraped one by one). Queue
depths and leases are read when scraped: the outbox depth comes from the database, so any
process reports the whole deployment's queue; which leases this process holds is its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlmodel import Session

from storage import outbox_views
from storage.models.messaging import Lane

log = logging.getLogger(__name__)

LANES = {Lane.INTERACTIVE: "interactive", Lane.BULK: "bulk"}


class Metrics:
    """The counters and histograms the service updates as it works."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.inbound = Counter(
            "psmbot_inbound_messages",
            "Messages received, by channel and outcome (handled, duplicate, error).",
            ["channel", "outcome"],
            registry=self.registry,
        )
        self.webhook_seconds = Histogram(
            "psmbot_webhook_seconds",
            "Time from a webhook's arrival to its answer.",
            ["channel"],
            registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )
        self.sends = Counter(
            "psmbot_outbox_sends",
            "Send attempts by channel and outcome "
            "(sent, retried, rate_limited, failed, dead, undeliverable, held).",
            ["channel", "outcome"],
            registry=self.registry,
        )
        self.rescued = Counter(
            "psmbot_outbox_rescued_claims",
            "Claims of stopped senders given back to the queue.",
            registry=self.registry,
        )
        self.render_jobs = Counter(
            "psmbot_render_jobs",
            "Report render jobs by outcome (done, partial, retried, failed).",
            ["outcome"],
            registry=self.registry,
        )

    def watch(self, collector: Collector) -> None:
        """Add a collector read at every scrape."""
        self.registry.register(collector)


class QueueCollector(Collector):
    """Outbox depth and oldest due row per lane, and the leases this process holds."""

    def __init__(
        self,
        engine: Engine,
        *,
        leases: Callable[[], dict[str, bool]],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self._leases = leases
        self._clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One scrape: one GROUP BY over the due rows (a partial index holds only those)."""
        depth = GaugeMetricFamily(
            "psmbot_outbox_due", "Outbox rows due to be sent.", labels=["channel", "lane"]
        )
        age = GaugeMetricFamily(
            "psmbot_outbox_oldest_due_seconds",
            "How long the oldest due row has waited.",
            labels=["channel", "lane"],
        )
        now = self._clock()
        try:
            with Session(self._engine) as session:
                lanes = outbox_views.lane_depths(session=session, now=now)
        except Exception as exc:
            log.warning("metrics: outbox depth not read: %s", exc)
            lanes = []
        for lane in lanes:
            labels = [lane.channel, LANES[lane.lane]]
            depth.add_metric(labels, lane.due)
            waited = (now - lane.oldest_due_at).total_seconds() if lane.oldest_due_at else 0.0
            age.add_metric(labels, max(0.0, waited))
        held = GaugeMetricFamily(
            "psmbot_lease_held", "1 when this process holds the lease.", labels=["lease"]
        )
        for name, holds in sorted(self._leases().items()):
            held.add_metric([name], 1.0 if holds else 0.0)
        yield depth
        yield age
        yield held
