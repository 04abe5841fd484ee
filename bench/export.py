"""`psmbot export` at a kab/kota's size, against the database's own CSV dump of the same join.

    .venv/bin/python -m bench.data --database-url URL --scale kabkota --seed 1   # once
    .venv/bin/python -m bench.export --database-url URL [--area 32.01] [--subjects activities]
        [--formats csv,xlsx] [--baseline DIR] [--baseline-formats csv]

Every step runs in a process of its own, so its time and peak memory (the kernel's peak RSS of
that process) are its own: first `COPY (the export's SELECT) TO STDOUT WITH CSV` through psycopg
(the yardstick), then `psmbot export SUBJECT --format F --area AREA` as an office runs it. With
`--baseline DIR` the same command runs with another checkout's code in the same run. Targets:
each export at most 3 x the COPY's time, peak memory under 150 MB.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.child import ROOT, run_step, save, table
from bench.data import BENCH_KEY
from storage.db import make_engine
from storage.exports import export_query

COPY = """
import psycopg
started = time.perf_counter()
with psycopg.connect(__URL__) as connection, open(__OUT__, "wb") as handle:
    statement = "COPY (" + __QUERY__ + ") TO STDOUT WITH (FORMAT csv, HEADER)"
    with connection.cursor().copy(statement) as copy:
        for block in copy:
            handle.write(block)
done(seconds=time.perf_counter() - started)
"""
EXPORT = """
from bot.cli import app
sys.argv = ["psmbot", "export", __SUBJECT__, "--format", __FORMAT__, "--area", __AREA__]
sys.argv += ["--out", __OUT__]
started = time.perf_counter()
try:
    app()
except SystemExit as exit:
    if exit.code:
        raise
done(seconds=time.perf_counter() - started)
"""


def copy_query(url: str, subject: str, area: str) -> str:
    statement = export_query("cases" if subject == "cases" else "activities", area)
    engine = make_engine(url)
    compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    engine.dispose()
    return str(compiled)


def fill(code: str, **values: str) -> str:
    for name, value in values.items():
        code = code.replace(f"__{name}__", repr(value))
    return code


def exported_rows(url: str) -> int:
    """The row count of the newest export, as its audit entry says."""
    engine = make_engine(url)
    with engine.connect() as connection:
        detail = connection.execute(
            text("SELECT detail FROM auditlog WHERE action LIKE 'export.%' ORDER BY id DESC")
        ).first()
    engine.dispose()
    assert detail is not None
    value = detail[0]
    return int((value if isinstance(value, dict) else __import__("json").loads(value))["rows"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL with bench.data's set")
    parser.add_argument("--area", default="32.01", help="region code (default: the kab/kota)")
    parser.add_argument("--subjects", default="activities", help="activities,cases")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to compare")
    parser.add_argument("--baseline-formats", default="csv")
    args = parser.parse_args()
    url = args.database_url.replace("postgresql+psycopg://", "postgresql://")
    env = {"DATABASE_URL": args.database_url, "DATA_ENCRYPTION_KEYS": BENCH_KEY}
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        env["MEDIA_DIR"] = f"{scratch}/media"
        for subject in args.subjects.split(","):
            query = copy_query(args.database_url, subject, args.area)
            out = f"{scratch}/copy-{subject}.csv"
            step = run_step(fill(COPY, URL=url, OUT=out, QUERY=query), **env)
            copy_s = step["seconds"]
            lines = sum(1 for _ in open(out, encoding="utf-8")) - 1  # noqa: SIM115
            results.append({"code": "COPY", "subject": subject, "format": "csv", **step,
                            "rows": lines, "ratio": 1.0})  # fmt: skip
            runs = [("this", ROOT, args.formats)]
            if args.baseline:
                runs.append(("baseline", args.baseline.resolve(), args.baseline_formats))
            for label, tree, formats in runs:
                for fmt in formats.split(","):
                    out = f"{scratch}/{label}-{subject}.{fmt}"
                    code = fill(EXPORT, SUBJECT=subject, FORMAT=fmt, AREA=args.area, OUT=out)
                    step = run_step(code, tree=tree, **env)
                    results.append({
                        "code": label, "subject": subject, "format": fmt, **step,
                        "rows": exported_rows(args.database_url),
                        "bytes": Path(out).stat().st_size, "ratio": step["seconds"] / copy_s,
                    })  # fmt: skip
    rows = [
        [r["code"], r["subject"], r["format"], f"{r['rows']:,}", f"{r['seconds']:.1f}",
         f"{r['ratio']:.1f}", "<= 3.0" if r["code"] != "COPY" else "",
         f"{r['peak_rss_mb']:.0f}", "< 150" if r["code"] != "COPY" else ""]
        for r in results
    ]  # fmt: skip
    print(f"export of {args.area} (time in the process; ratio to COPY of the same SELECT)")
    header = ["code", "subject", "format", "rows", "seconds", "x COPY", "target", "peak MB",
              "target MB"]  # fmt: skip
    print(table(header, rows))
    print(f"results: {save('export', {'area': args.area, 'results': results})}")


if __name__ == "__main__":
    main()
