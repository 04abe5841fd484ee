"""Shared by the benchmarks: one measured step in a fresh Python process, results as JSON.

A step runs as `python -c CODE` with the project tree first on the path: this checkout, or
another one (`--baseline DIR`, e.g. a worktree of the previous release) to compare in one run.
The child prints one JSON line; its peak RSS is the kernel's own figure for that process.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from storage.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

# Put first in every child: prints the JSON line with the peak RSS of the child itself.
PRELUDE = """
import json, resource, sys, time
def done(**figures):
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures, default=str))
"""


def run_step(code: str, *, tree: Path = ROOT, **env: str) -> dict[str, Any]:
    """Run `code` in a new interpreter with `tree` first on the path; its JSON figures."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", PRELUDE + code],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"step failed in {tree}:\n{completed.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    figures["process_s"] = time.perf_counter() - started
    return figures


def children_peak_mb() -> float:
    """The largest peak RSS of any child reaped so far (MB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A new schema in the PostgreSQL database at `url`, dropped afterwards: its URL."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write the figures under bench/results/ (not kept in git); returns the file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def table(header: list[str], rows: list[list[str]]) -> str:
    """A plain text table, columns as wide as their longest cell."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)
