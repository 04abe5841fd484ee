"""Roster import at a kab/kota's size: 10,000 rows written by name, then the same file again.

    .venv/bin/python -m bench.roster [--postgres-url URL] [--rows 10000] [--baseline DIR]

Each backend (SQLite always, PostgreSQL with `--postgres-url`, in a schema made and dropped for
the run) gets a fresh database with the official regions; the rows are PSM, ketua PSM and TKSK
of Kabupaten Bandung (31 kecamatan, 280 desa) with kelurahan, kecamatan, kabupaten and provinsi
names. Every import runs in a process of its own (`psmbot roster import`'s code path), so its
time and peak memory are its own. `--baseline DIR` runs the same steps with the code of another
checkout too, on its own fresh database, in the same run. The yardstick is one bulk INSERT of the
same people. Targets: first import under 3 s, re-import under 2 s and reporting 0 changes.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.child import ROOT, postgres_schema, run_step, save, table
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models.people import Person, PersonRole
from storage.region_list import official_regions
from storage.region_sync import ensure_official_regions

KABUPATEN = "32.04"  # Kabupaten Bandung, Jawa Barat
IMPORT = """
from pathlib import Path
from sqlalchemy import func, select
from sqlmodel import Session
from handlers.roster import import_file
from storage.db import make_engine
from storage.models.people import Person
engine = make_engine(sys.argv[1])
started = time.perf_counter()
report = import_file(engine, Path(sys.argv[2]))
seconds = time.perf_counter() - started
with Session(engine) as session:
    people = session.exec(select(func.count()).select_from(Person)).one()
done(seconds=seconds, created=report.created, updated=report.updated,
     unchanged=getattr(report, "unchanged", None), rejected=report.rejected, people=people)
"""


def roster_rows(count: int) -> list[list[str]]:
    """PSM and ketua PSM per desa, a TKSK per kecamatan, all written by name."""
    names = {r.code: r for r in official_regions()}
    villages = sorted(c for c in names if c.startswith(KABUPATEN + ".") and c.count(".") == 3)
    districts = sorted({c.rsplit(".", 1)[0] for c in villages})
    kabupaten = f"Kabupaten {names[KABUPATEN].name}"
    provinsi = names[KABUPATEN.split(".")[0]].name
    rows = [
        [f"TKSK {names[d].name}", f"0812{n:08d}", "tksk", "", names[d].name, kabupaten, provinsi]
        for n, d in enumerate(districts)
    ]
    for n in range(count - len(rows)):
        village = villages[n % len(villages)]
        role = "ketua psm" if n < len(villages) else "psm"
        district = names[village.rsplit(".", 1)[0]].name
        rows.append(
            [f"PSM {n}", f"0813{n:08d}", role, names[village].name, district, kabupaten, provinsi]
        )
    return rows


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["nama", "telepon", "peran", "kelurahan", "kecamatan", "kabupaten_kota", "provinsi"]
        )
        writer.writerows(rows)
    return path


def prepare(url: str) -> None:
    """Schema and official regions, as `psmbot db upgrade` leaves them."""
    engine = make_engine(url)
    upgrade(engine)
    with transaction(engine) as session:
        ensure_official_regions(session=session)
    engine.dispose()


def yardstick(url: str, count: int) -> float:
    """Seconds for one bulk INSERT of `count` people (rolled back)."""
    engine = make_engine(url)
    area = min(r.code for r in official_regions() if r.code.startswith(KABUPATEN + "."))
    now = datetime.now(UTC)
    values = [
        {"name": f"X {n}", "phone": f"+62819{n:08d}", "role": PersonRole.PSM, "area_code": area,
         "locale": "id", "active": True, "status": "approved", "created_at": now,
         "updated_at": now}
        for n in range(count)
    ]  # fmt: skip
    with engine.connect() as connection:
        transaction_ = connection.begin()
        started = time.perf_counter()
        connection.execute(insert(Person.__table__), values)  # type: ignore[attr-defined]
        seconds = time.perf_counter() - started
        transaction_.rollback()
    engine.dispose()
    return seconds


def measure(url: str, roster: Path, tree: Path, count: int) -> dict[str, Any]:
    """Import, re-import: the figures of each, on the database at `url`."""
    prepare(url)
    first = _import(url, roster, tree)
    again = _import(url, roster, tree)
    return {"first": first, "again": again, "yardstick_s": yardstick(url, count)}


def _import(url: str, roster: Path, tree: Path) -> dict[str, Any]:
    code = IMPORT.replace("sys.argv[1]", repr(url)).replace("sys.argv[2]", repr(str(roster)))
    return run_step(code, tree=tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=None, help="a PostgreSQL database to use")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to compare")
    parser.add_argument("--only-baseline", action="store_true", help="skip this checkout's run")
    args = parser.parse_args()
    trees = {} if args.only_baseline else {"this": ROOT}
    trees |= {"baseline": args.baseline.resolve()} if args.baseline else {}
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        roster = write_roster(Path(scratch) / "roster.csv", roster_rows(args.rows))
        for label, tree in trees.items():
            for backend in ["sqlite", *(["postgresql"] if args.postgres_url else [])]:
                if backend == "sqlite":
                    url = f"sqlite:///{scratch}/{label}.sqlite3"
                    figures = measure(url, roster, tree, args.rows)
                else:
                    with postgres_schema(args.postgres_url) as url:
                        figures = measure(url, roster, tree, args.rows)
                results.append({"code": label, "tree": str(tree), "backend": backend, **figures})
    rows = []
    for r in results:
        for step, target in (("first", 3.0), ("again", 2.0)):
            f = r[step]
            rows.append([
                r["code"], r["backend"], step, f"{f['seconds']:.2f}", f"< {target:.0f}",
                str(f["created"]), str(f["updated"]), str(f["unchanged"]), str(f["rejected"]),
                f"{f['peak_rss_mb']:.0f}", f"{r['yardstick_s']:.3f}",
            ])  # fmt: skip
    print(f"roster import, {args.rows:,} rows by name (Kabupaten Bandung)")
    header = ["code", "backend", "import", "seconds", "target", "created", "updated",
              "unchanged", "rejected", "peak MB", "bulk INSERT s"]  # fmt: skip
    print(table(header, rows))
    print(f"results: {save('roster', {'rows': args.rows, 'results': results})}")


if __name__ == "__main__":
    main()
