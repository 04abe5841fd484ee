"""Time and peak memory of the coordinators' reports on a data set made by `bench.data`.

    .venv/bin/python -m bench.reports --database-url URL [--areas kecamatan,kabkota]
        [--periods weekly,monthly,yearly] [--formats text,pdf,xlsx] [--timeout 300]
        [--json bench/results/reports.json] [--explain [--explain-area kecamatan]]

Each report is made in a fresh process (`--child`), the way `psmbot report` makes it: the
aggregations, then the text, the PDF (with its chart) or the XLSX. The child reports its own
time (after importing the libraries, which a render worker holds loaded; the import time is
in the JSON) and peak RSS (`resource.getrusage`, imports included); a report that takes
longer than `--timeout` is stopped and recorded as not finished. `--code-root DIR` runs the
children on another checkout of the project (a baseline). `--explain` prints the plan of
every query of one weekly report: `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL, `EXPLAIN QUERY
PLAN` on SQLite.

Periods inside the data set: week 2026-W48, month 2026-10, year 2025.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.data import BENCH_KEY, KABKOTA, PROVINCE

ROOT = Path(__file__).resolve().parents[1]
AREAS = {"kecamatan": f"{KABKOTA}.01", "kabkota": KABKOTA, "province": PROVINCE}
PERIODS = {"weekly": "2026-W48", "monthly": "2026-10", "yearly": "2025"}
FORMATS = ("text", "pdf", "xlsx")
TARGETS = {
    ("kabkota", "weekly", "text"): 1.0,
    ("kabkota", "weekly", "pdf"): 5.0,
    ("kabkota", "weekly", "xlsx"): 5.0,
    ("kabkota", "yearly", "pdf"): 15.0,
    ("kabkota", "yearly", "xlsx"): 15.0,
    ("province", "weekly", "text"): 5.0,
    ("province", "weekly", "pdf"): 5.0,
    ("province", "weekly", "xlsx"): 5.0,
}
MEMORY_TARGET_MB = 300


def child(url: str, area: str, period_key: str, fmt: str, code: Path) -> None:
    """Make one report and print what it cost, as JSON on the last line."""
    started = time.perf_counter()
    import handlers

    # The code measured is the checkout asked for, not whatever comes first on the path.
    assert Path(handlers.__file__).resolve().parents[1] == code.resolve(), handlers.__file__
    from reports.building.build import build_report
    from reports.building.periods import parse_period
    from reports.rendering.files import render_one
    from reports.rendering.text import summary_text
    from storage.db import make_engine, reading
    from storage.encryption import Keyring, install_keyring

    install_keyring(Keyring.parse(os.environ.get("DATA_ENCRYPTION_KEYS") or BENCH_KEY))
    # A render worker has its libraries loaded after its first report: load them before timing.
    if fmt == "pdf":
        import matplotlib.pyplot  # noqa: F401
        import weasyprint  # noqa: F401
    if fmt == "xlsx":
        import openpyxl  # noqa: F401
    imported = time.perf_counter()
    engine = make_engine(url)
    period = parse_period(period_key)
    now = datetime.combine(period.end, datetime.min.time(), UTC) + timedelta(days=1)
    with reading(engine) as session:
        report = build_report(session=session, area_code=area, period=period, now=now)
    built = time.perf_counter()
    size = 0
    if fmt == "text":
        size = len(summary_text(report, "id").encode())
    else:
        with tempfile.TemporaryDirectory() as scratch:
            path = render_one(report, fmt, Path(scratch) / f"report.{fmt}", "id")
            size = path.stat().st_size
    done = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": round(done - imported, 3),
                "query_seconds": round(built - imported, 3),
                "render_seconds": round(done - built, 3),
                "import_seconds": round(imported - started, 3),
                "peak_mb": round(peak_kb / 1024, 1),
                "bytes": size,
            }
        )
    )


def measure(
    url: str, area: str, period_key: str, fmt: str, timeout: float, code_root: Path | None
) -> dict[str, Any]:
    """One report in a fresh process; `finished` False when it ran out of time."""
    env = dict(os.environ)
    paths = [str(code_root)] if code_root else []
    env["PYTHONPATH"] = os.pathsep.join([*paths, str(ROOT), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "bench.reports", "--child", "--database-url", url]
    command += ["--code-check", str(code_root or ROOT)]
    command += ["--area", area, "--period", period_key, "--format", fmt]
    started = time.perf_counter()
    try:
        # From the code's own folder: `python -m` puts the working folder first on the path.
        done = subprocess.run(
            command,
            env=env,
            cwd=code_root or ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"finished": False, "seconds": None, "note": f"did not finish in {timeout:.0f} s"}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        return {"finished": False, "seconds": None, "note": f"failed: {tail[0][:200]}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["finished"] = True
    result["wall_seconds"] = round(time.perf_counter() - started, 3)
    return result


def explain(url: str, area: str, period_key: str) -> None:
    """Print the plan of every query `build_report` runs for one report."""
    from sqlalchemy import event

    from reports.building.build import build_report
    from reports.building.periods import parse_period
    from storage.db import make_engine, reading

    engine = make_engine(url)
    captured: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    period = parse_period(period_key)
    now = datetime.combine(period.end, datetime.min.time(), UTC) + timedelta(days=1)
    with reading(engine) as session:
        build_report(session=session, area_code=area, period=period, now=now)
    event.remove(engine, "before_cursor_execute", keep)
    postgres = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    raw: Any = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for number, (statement, parameters) in enumerate(captured, start=1):
            print(f"\n-- query {number}\n{' '.join(statement.split())[:600]}")
            cursor.execute(prefix + statement, parameters)
            for row in cursor.fetchall():
                print("   ", " | ".join(str(v) for v in row))
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--areas", default="kecamatan,kabkota")
    parser.add_argument("--periods", default="weekly,monthly,yearly")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--only", default="", help="area:period:format,... instead of the grid")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "reports.json")
    parser.add_argument("--code-root", type=Path, default=None)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--explain-area", choices=sorted(AREAS), default="kabkota")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--area", help=argparse.SUPPRESS)
    parser.add_argument("--period", help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    parser.add_argument("--code-check", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database_url, args.area, args.period, args.format, args.code_check)
        return
    if args.explain:
        explain(args.database_url, AREAS[args.explain_area], PERIODS["weekly"])
        return
    if args.only:
        grid = [tuple(item.split(":")) for item in args.only.split(",")]
    else:
        grid = [
            (area, period, fmt)
            for area in args.areas.split(",")
            for period in args.periods.split(",")
            for fmt in args.formats.split(",")
        ]
    results = []
    print(f"{'area':<10} {'period':<8} {'format':<6} {'seconds':>9} {'peak MB':>8}  target")
    for area, period, fmt in grid:
        result = measure(
            args.database_url, AREAS[area], PERIODS[period], fmt, args.timeout, args.code_root
        )
        target = TARGETS.get((area, period, fmt))
        result.update(area=area, period=period, format=fmt, target_seconds=target)
        results.append(result)
        seconds = f"{result['seconds']:9.2f}" if result["finished"] else f"{'—':>9}"
        peak = f"{result['peak_mb']:8.0f}" if result["finished"] else f"{'—':>8}"
        goal = f"< {target:g} s, " if target else ""
        note = result.get("note", "")
        print(
            f"{area:<10} {period:<8} {fmt:<6} {seconds} {peak}  "
            f"{goal}< {MEMORY_TARGET_MB} MB {note}",
            flush=True,
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
