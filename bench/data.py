"""A synthetic data set for the benchmarks, written through the project's own schema.

    .venv/bin/python -m bench.data --database-url URL --scale kabkota --seed 1 [--reset]

Scales: `kecamatan` (30 PSM in 10 kelurahan, for tests), `kabkota` (1,000 PSM in 30 kecamatan and
300 kelurahan of Kab. Bogor, about 500,000 activities, cases and case events over two years) and
`province` (10,000 PSM over every kelurahan of Jawa Barat, about 5 million records; PostgreSQL
only). The schema comes from the migrations and the regions from the official list, as with
`psmbot db upgrade`. PostgreSQL is loaded with COPY, SQLite with executemany in big
transactions. The same seed gives the same records (NIK ciphertexts differ: Fernet is
randomised). Data covers the 104 weeks from Monday 2 December 2024 to Sunday 29 November 2026.

NIKs are encrypted with DATA_ENCRYPTION_KEYS, or with `BENCH_KEY` when that is not set; the
reports must be run with the same key.
"""

from __future__ import annotations

import argparse
import enum
import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (every table on the metadata)
from bench.data_rows import COLUMNS, TABLES, AreaBuilder, Batch, Ids, Period
from storage.db import make_engine, normalise_url, transaction
from storage.encryption import Keyring, install_keyring
from storage.migrate import upgrade
from storage.models.people import Person, PersonRole
from storage.region_list import RegionRecord, official_regions
from storage.region_sync import ensure_official_regions

# Kab/kota of the set, each with its kecamatan and their kelurahan codes.
Areas = list[tuple[RegionRecord, list[tuple[RegionRecord, list[str]]]]]
BENCH_KEY = "YmVuY2gta2V5LXBzbWJvdC1iZW5jaC1rZXktMDAwMDA="
PERIOD = Period(date(2024, 12, 2), date(2026, 11, 30))
PROVINCE = "32"  # Jawa Barat
KABKOTA = "32.01"  # Kabupaten Bogor


@dataclass(frozen=True)
class Scale:
    """How big a data set is: PSM and which areas they work in."""

    psm: int
    kabkota: int | None  # how many kab/kota of the province (None: all)
    kecamatan: int | None  # per kab/kota (None: all)
    kelurahan: int | None  # in all (None: all)
    postgres_only: bool = False


SCALES = {
    "kecamatan": Scale(psm=30, kabkota=1, kecamatan=1, kelurahan=10),
    "kabkota": Scale(psm=1_000, kabkota=1, kecamatan=30, kelurahan=300),
    "province": Scale(psm=10_000, kabkota=None, kecamatan=None, kelurahan=None, postgres_only=True),
}


def areas(scale: Scale) -> Areas:
    """The kab/kota of the set, each with its kecamatan and their kelurahan codes."""
    children: dict[str | None, list[RegionRecord]] = defaultdict(list)
    for record in official_regions():
        children[record.parent_code].append(record)
    kabkotas = sorted(children[PROVINCE], key=lambda r: (r.code != KABKOTA, r.code))
    chosen: Areas = []
    for kabkota in kabkotas[: scale.kabkota]:
        districts = children[kabkota.code][: scale.kecamatan]
        chosen.append((kabkota, [(d, [v.code for v in children[d.code]]) for d in districts]))
    if scale.kelurahan is not None:
        # Round-robin over the kecamatan until the wanted number of kelurahan is reached.
        first, listed = chosen[0]
        kept: list[list[str]] = [[] for _ in listed]
        depth = 0
        while sum(map(len, kept)) < scale.kelurahan:
            for i, (_, villages) in enumerate(listed):
                if depth < len(villages) and sum(map(len, kept)) < scale.kelurahan:
                    kept[i].append(villages[depth])
            depth += 1
        chosen[0] = (first, [(d, k) for (d, _), k in zip(listed, kept, strict=True)])
    return chosen


def _pg_value(column: Any) -> Callable[[Any], Any]:
    """How a model value is written in a COPY row for this column (enum values, JSON text)."""
    type_name = type(column.type).__name__
    if type_name == "Enum":
        return lambda v: v.value if isinstance(v, enum.Enum) else v
    if type_name == "JSON":
        return lambda v: None if v is None else json.dumps(v)
    return lambda v: v


class Writer:
    """Writes batches: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        if self.postgres:
            # The generator writes consistent rows; skipping the per-row foreign-key triggers
            # for this transaction makes COPY several times faster (needs a superuser).
            self.connection.execute(text("SET LOCAL session_replication_role = replica"))
        tables = SQLModel.metadata.tables
        self.converters = {
            name: [_pg_value(tables[name].c[c]) for c in columns]
            for name, columns in COLUMNS.items()
        }

    def write(self, batch: Batch) -> None:
        for name in TABLES:
            rows = batch.rows[name]
            if not rows:
                continue
            if self.postgres:
                self._copy(name, rows)
            else:
                table = SQLModel.metadata.tables[name]
                columns = COLUMNS[name]
                self.connection.execute(
                    insert(table), [dict(zip(columns, r, strict=True)) for r in rows]
                )

    def _copy(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        columns = ", ".join(COLUMNS[name])
        convert = self.converters[name]
        raw: Any = self.connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f'COPY "{name}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([f(v) for f, v in zip(convert, row, strict=True)])

    def finish(self) -> None:
        """Sequences past the ids written (PostgreSQL), fresh planner statistics."""
        if self.postgres:
            for name in TABLES:
                if "id" in COLUMNS[name]:
                    self.connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                            f'coalesce((SELECT max(id) FROM "{name}"), 0) + 1, false)'
                        )
                    )


def _drop_indexes(engine: Engine) -> list[str]:
    """Drop the secondary indexes of the loaded tables (PostgreSQL); returns how to rebuild them.

    Building an index once after the load is much faster than keeping it up to date row by row.
    """
    if engine.dialect.name != "postgresql":
        return []
    query = text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:tables) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    )
    with engine.begin() as connection:
        found = connection.execute(query, {"tables": list(TABLES)}).all()
        for name, _ in found:
            connection.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _, definition in found]


def _reset(url: str) -> None:
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(parsed.database + suffix).unlink(missing_ok=True)
        return
    engine = make_engine(url)
    with engine.begin() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def generate(
    database_url: str, scale: str, seed: int = 1, *, reset: bool = False
) -> dict[str, Any]:
    """Migrate, load the regions and write a data set; returns what was written and where."""
    shape = SCALES[scale]
    install_keyring(Keyring.parse(os.environ.get("DATA_ENCRYPTION_KEYS") or BENCH_KEY))
    if reset:
        _reset(database_url)
    engine = make_engine(database_url)
    backend = engine.dialect.name
    if shape.postgres_only and backend != "postgresql":
        raise ValueError(f"the {scale} scale is for PostgreSQL only")
    started = time.perf_counter()
    upgrade(engine)
    with transaction(engine) as session:
        ensure_official_regions(session=session)
        if session.execute(select(func.count()).select_from(Person)).scalar_one():
            raise ValueError("the database already holds people; use --reset to start over")
    prepared = time.perf_counter()
    chosen = areas(shape)
    villages_total = sum(len(v) for _, ds in chosen for _, v in ds)
    print(f"{scale}: {villages_total} kelurahan, {shape.psm:,} PSM", flush=True)
    written = _load(engine, shape, seed, chosen)
    if backend == "postgresql":
        # As autovacuum leaves a table filled over months: statistics, and a visibility map that
        # lets an index-only scan skip the heap.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    loaded = time.perf_counter()
    engine.dispose()
    kabkota, districts = chosen[0]
    summary = {
        "scale": scale,
        "seed": seed,
        "backend": backend,
        "period": {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()},
        "areas": {
            "province": PROVINCE,
            "kabkota": kabkota.code,
            "kecamatan": districts[0][0].code,
            "kelurahan": districts[0][1][0],
        },
        "kelurahan": villages_total,
        "counts": written,
        "records": written["activity"] + written["case"] + written["caseevent"],
        "seconds": {
            "schema_and_regions": round(prepared - started, 2),
            "rows": round(loaded - prepared, 2),
        },
    }
    return summary


def _load(engine: Engine, shape: Scale, seed: int, chosen: Areas) -> dict[str, int]:
    """Write every kecamatan of the chosen areas, one transaction per kab/kota."""
    villages_total = sum(len(v) for _, ds in chosen for _, v in ds)
    builder = AreaBuilder(random.Random(seed), Ids(), PERIOD, nik_share=0.6)
    written = dict.fromkeys(TABLES, 0)
    placed = 0
    deferred = _drop_indexes(engine)
    try:
        for kabkota, districts in chosen:
            with engine.begin() as connection:
                writer = Writer(connection)
                head = Batch()
                builder.person(head, PersonRole.DINSOS, kabkota.code, None)
                writer.write(head)
                _count(written, head)
                for district, villages in districts:
                    if not villages:
                        continue
                    # PSM in proportion to the kelurahan of each kecamatan.
                    share = round(shape.psm * (placed + len(villages)) / villages_total) - round(
                        shape.psm * placed / villages_total
                    )
                    placed += len(villages)
                    batch = Batch()
                    builder.kecamatan(batch, district.code, villages, max(share, 1))
                    writer.write(batch)
                    _count(written, batch)
            print(f"  {kabkota.code} {kabkota.name}: {sum(written.values()):,} rows", flush=True)
    finally:
        with engine.begin() as connection:
            Writer(connection).finish()
            for definition in deferred:
                connection.execute(text(definition))
    return written


def _count(written: dict[str, int], batch: Batch) -> None:
    for name, rows in batch.rows.items():
        written[name] += len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--scale", choices=sorted(SCALES), default="kecamatan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="empty the database first")
    args = parser.parse_args()
    summary = generate(args.database_url, args.scale, args.seed, reset=args.reset)
    print(json.dumps(summary, indent=2), flush=True)
    seconds = summary["seconds"]
    print(
        f"{summary['records']:,} records ({sum(summary['counts'].values()):,} rows) in "
        f"{seconds['rows']:.1f} s; schema and regions {seconds['schema_and_regions']:.1f} s"
    )


if __name__ == "__main__":
    main()
