"""Reading a roster file (CSV or XLSX) into rows keyed by canonical column names."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from handlers.i18n import t

# Header spellings accepted for each column (Indonesian first, English aliases).
HEADERS = {
    "nama": {"nama", "name", "nama lengkap", "full name", "nama psm"},
    "telepon": {
        "telepon",
        "phone",
        "hp",
        "no hp",
        "nomor hp",
        "no. hp",
        "no telepon",
        "nomor telepon",
        "no. telepon",
        "whatsapp",
        "wa",
        "no wa",
    },
    "peran": {"peran", "role", "jabatan"},
    "kelurahan": {"kelurahan", "desa", "desa/kelurahan", "kelurahan/desa", "village"},
    "kecamatan": {"kecamatan", "district", "distrik"},
    "kabupaten_kota": {
        "kabupaten_kota",
        "kabupaten/kota",
        "kab/kota",
        "kabupaten",
        "kota",
        "regency",
        "city",
    },
    "provinsi": {"provinsi", "province"},
    "kode_wilayah": {"kode_wilayah", "kode wilayah", "region_code", "region code", "kode"},
}
SUPPORTED_SUFFIXES = {".csv", ".xlsx"}


class RosterFileError(ValueError):
    """The file as a whole cannot be read (wrong type, empty, no usable header)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(self.message("id"))

    def message(self, locale: str) -> str:
        """Why, in the reader's language."""
        return t(locale, self.key, **self.values)


def read_table(path: Path) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by canonical column names."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise RosterFileError("roster.file.xls")
    if suffix not in SUPPORTED_SUFFIXES:
        raise RosterFileError("roster.file.unsupported", suffix=suffix or "tanpa ekstensi")
    raw_rows = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    if not raw_rows:
        raise RosterFileError("roster.file.empty")
    header = [_canonical(h) for h in raw_rows[0]]
    if "nama" not in header or "telepon" not in header:
        raise RosterFileError("roster.file.no_header")
    rows = []
    for values in raw_rows[1:]:
        row = {h: (v or "").strip() for h, v in zip(header, values, strict=False) if h}
        if any(row.values()):
            rows.append(row)
    if not rows:
        raise RosterFileError("roster.file.no_rows")
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError("roster.file.encoding") from exc
    if not text.strip():
        return []
    dialect: type[csv.Dialect] = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RosterFileError("roster.file.xlsx_unreadable") from exc
    sheet = workbook.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone or code typed as a number
    return str(value)


def _canonical(header: str) -> str:
    cleaned = " ".join(header.strip().lower().replace("_", " ").split())
    for canonical, aliases in HEADERS.items():
        if cleaned in {a.replace("_", " ") for a in aliases | {canonical}}:
            return canonical
    return ""
