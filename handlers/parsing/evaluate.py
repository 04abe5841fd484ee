"""Per-field accuracy of the parser over labelled messages (for tests and a CLI)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIELDS: tuple[str, ...] = (
    "kind",
    "activity_type",
    "date",
    "ppks",
    "rt",
    "rw",
    "count",
    "referral",
)


@dataclass(frozen=True)
class Mismatch:
    """One field the parser got wrong on one message."""

    text: str
    field: str
    expected: object
    got: object


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    """Labelled rows from a JSON-lines file: {"text", "now", "expect": {field: value}}."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def compare(rows: Iterable[Mapping[str, Any]]) -> tuple[dict[str, float], list[Mismatch]]:
    """Accuracy per field and the list of mismatches, over labelled rows."""
    from handlers.parsing.message import parse_message  # late: message imports this package

    right = dict.fromkeys(FIELDS, 0)
    total = 0
    mismatches: list[Mismatch] = []
    for row in rows:
        total += 1
        got = parse_message(row["text"], dt.datetime.fromisoformat(row["now"])).to_json_dict()
        for name in FIELDS:
            expected = row["expect"].get(name)
            if got[name] == expected:
                right[name] += 1
            else:
                mismatches.append(Mismatch(row["text"], name, expected, got[name]))
    accuracy = {name: (right[name] / total if total else 0.0) for name in FIELDS}
    return accuracy, mismatches


def evaluate(rows: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Accuracy (0..1) of each contract field over labelled rows."""
    return compare(rows)[0]


def format_table(results: Mapping[str, Mapping[str, float]]) -> str:
    """A plain-text table: one column per data set, one row per field."""
    names = list(results)
    width = max([len(n) for n in names] + [8])
    lines = ["field".ljust(14) + "".join(n.rjust(width + 2) for n in names)]
    for name in FIELDS:
        cells = "".join(f"{results[n][name]:.3f}".rjust(width + 2) for n in names)
        lines.append(name.ljust(14) + cells)
    return "\n".join(lines)
