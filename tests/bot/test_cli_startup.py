"""`psmbot` starts light: a command imports only the libraries it uses.

Each command runs in a fresh interpreter; what it imported is read from `sys.modules` there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OfficialDatabase

ROOT = Path(__file__).resolve().parents[2]
# Document renderers, platform clients, the scheduler, the web server, the region data.
HEAVY = {"weasyprint", "matplotlib", "openpyxl", "telegram", "twilio", "apscheduler", "uvicorn"}
RUN = """
import json, sys
sys.argv = ["psmbot", *sys.argv[1:]]
from bot.cli import app
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def imported_by(args: list[str], tmp_path: Path, database_url: str | None = None) -> set[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "MEDIA_DIR": str(tmp_path / "media"),
        "PUBLIC_BASE_URL": "http://127.0.0.1:9",  # nothing listens: the check fails at once
        "DATA_ENCRYPTION_KEYS": "YmVuY2gta2V5LXBzbWJvdC1iZW5jaC1rZXktMDAwMDA=",
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.stdout.strip(), done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_loads_neither_the_database_layer_nor_any_heavy_library(tmp_path: Path) -> None:
    loaded = imported_by(["--help"], tmp_path)
    assert "typer" in loaded and "bot" in loaded  # it did run
    assert not loaded & (HEAVY | {"lokal", "sqlalchemy", "sqlmodel", "pydantic_settings"})


@pytest.mark.parametrize("command", [["export", "--help"], ["roster", "import", "--help"]])
def test_a_commands_help_loads_no_heavy_library(tmp_path: Path, command: list[str]) -> None:
    assert not imported_by(command, tmp_path) & (HEAVY | {"lokal"})


def test_db_upgrade_and_doctor_load_no_renderer_nor_platform_client(
    tmp_path: Path, official_sqlite: OfficialDatabase
) -> None:
    copy = tmp_path / "official.sqlite3"
    copy.write_bytes(Path(official_sqlite.url.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    upgraded = imported_by(["db", "upgrade"], tmp_path, url)
    doctor = imported_by(["doctor"], tmp_path, url)
    assert "alembic" in upgraded and "sqlalchemy" in doctor  # they did their work
    assert not upgraded & HEAVY
    assert not doctor & HEAVY
