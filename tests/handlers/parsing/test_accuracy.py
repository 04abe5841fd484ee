"""Per-field accuracy over the labelled message files (run with -s to see the table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.parsing.evaluate import FIELDS, compare, format_table, load_rows

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("messages-*.jsonl"))
THRESHOLD = 0.97


def test_data_files_present() -> None:
    names = {path.name for path in FILES}
    assert {"messages-dev.jsonl", "messages-extra.jsonl", "messages-regional.jsonl"} <= names
    assert len(load_rows(DATA / "messages-extra.jsonl")) >= 60
    # Regional styles: Sundanese/Betawi/Riau words, number words, plans, disasters...
    assert len(load_rows(DATA / "messages-regional.jsonl")) >= 60


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_accuracy_per_field(path: Path) -> None:
    accuracy, mismatches = compare(load_rows(path))
    print(f"\n{path.name}\n{format_table({path.stem: accuracy})}")
    for miss in mismatches:
        print(f"  {miss.field}: expected {miss.expected!r}, got {miss.got!r} | {miss.text[:90]}")
    low = {name: value for name, value in accuracy.items() if value < THRESHOLD}
    assert not low, f"fields below {THRESHOLD}: {low}"
    assert set(accuracy) == set(FIELDS)
