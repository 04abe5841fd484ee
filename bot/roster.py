"""Importing people (PSM and coordinators) from a CSV or XLSX roster."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zipfile import BadZipFile

from sqlalchemy import Engine
from sqlmodel import Session

from storage.db import transaction
from storage.models.people import PersonRole
from storage.models.regions import RegionLevel
from storage.people import upsert_person
from storage.phones import InvalidPhone, normalise_phone
from storage.regions import find_regions_by_name, get_region, level_of

# Header spellings accepted for each column (Indonesian first, English aliases).
HEADERS = {
    "nama": {"nama", "name", "nama lengkap", "full name"},
    "telepon": {"telepon", "phone", "hp", "no hp", "nomor hp", "no telepon", "whatsapp", "wa"},
    "peran": {"peran", "role", "jabatan"},
    "kelurahan": {"kelurahan", "desa", "desa/kelurahan", "village"},
    "kecamatan": {"kecamatan", "district"},
    "kabupaten_kota": {"kabupaten_kota", "kabupaten/kota", "kabupaten", "kota", "regency", "city"},
    "provinsi": {"provinsi", "province"},
    "kode_wilayah": {"kode_wilayah", "kode wilayah", "region_code", "kode"},
}
ROLE_ALIASES = {
    "psm": PersonRole.PSM,
    "ketua_psm": PersonRole.KETUA_PSM,
    "ketua psm": PersonRole.KETUA_PSM,
    "tksk": PersonRole.TKSK,
    "dinsos": PersonRole.DINSOS,
    "dinas sosial": PersonRole.DINSOS,
    "dinas_sosial": PersonRole.DINSOS,
    "admin": PersonRole.ADMIN,
}
# The level of area each role works at.
ROLE_LEVEL = {
    PersonRole.PSM: RegionLevel.VILLAGE,
    PersonRole.KETUA_PSM: RegionLevel.VILLAGE,
    PersonRole.TKSK: RegionLevel.DISTRICT,
    PersonRole.DINSOS: RegionLevel.REGENCY,
}
SUPPORTED_SUFFIXES = {".csv", ".xlsx"}


class RosterFileError(ValueError):
    """The file as a whole cannot be read (wrong type, empty, no usable header)."""


@dataclass(frozen=True, slots=True)
class RosterRow:
    """A row that passed every check and is ready to store."""

    line: int
    name: str
    phone: str
    role: PersonRole
    area_code: str


@dataclass
class ImportReport:
    """What an import did, and the rows it could not take with the reason for each."""

    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_table(path: Path) -> list[dict[str, str]]:
    """The file's rows as dicts keyed by canonical column names."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise RosterFileError(
            f"jenis berkas tidak didukung ({path.suffix or 'tanpa ekstensi'}); "
            "gunakan .csv atau .xlsx"
        )
    raw_rows = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    if not raw_rows:
        raise RosterFileError("berkas kosong")
    header = [_canonical(h) for h in raw_rows[0]]
    if "nama" not in header or "telepon" not in header:
        raise RosterFileError("kolom wajib tidak ditemukan: nama dan telepon")
    rows = []
    for values in raw_rows[1:]:
        row = {h: (v or "").strip() for h, v in zip(header, values, strict=False) if h}
        if any(row.values()):
            rows.append(row)
    if not rows:
        raise RosterFileError("berkas tidak berisi baris data")
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError("berkas CSV harus berenkode UTF-8") from exc
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
        raise RosterFileError("berkas XLSX tidak bisa dibaca") from exc
    sheet = workbook.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _canonical(header: str) -> str:
    cleaned = " ".join(header.strip().lower().replace("_", " ").split())
    for canonical, aliases in HEADERS.items():
        if cleaned in {a.replace("_", " ") for a in aliases | {canonical}}:
            return canonical
    return ""


class _AreaResolver:
    """Finds the area a row names, by code or by names, caching what it found."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cache: dict[tuple[str, ...], str | None] = {}

    def resolve(self, row: dict[str, str], level: RegionLevel | None) -> str:
        columns = ("kode_wilayah", "provinsi", "kabupaten_kota", "kecamatan", "kelurahan")
        key = (level or "", *(row.get(k, "").lower() for k in columns))
        if key not in self._cache:
            self._cache[key] = self._lookup(row, level)
        code = self._cache[key]
        if code is None:
            raise ValueError(_area_label(row))
        return code

    def _lookup(self, row: dict[str, str], level: RegionLevel | None) -> str | None:
        if row.get("kode_wilayah"):
            try:
                region = get_region(session=self._session, code=row["kode_wilayah"])
            except ValueError:
                return None
            if region is None:
                return None
            return _at_level(region.code, level)
        scope: str | None = None
        for column, column_level in (
            ("provinsi", RegionLevel.PROVINCE),
            ("kabupaten_kota", RegionLevel.REGENCY),
            ("kecamatan", RegionLevel.DISTRICT),
            ("kelurahan", RegionLevel.VILLAGE),
        ):
            if not row.get(column):
                continue
            if level is not None and _depth(column_level) > _depth(level):
                break
            found = find_regions_by_name(
                session=self._session, name=row[column], level=column_level, within=scope
            )
            if len(found) != 1:
                return None  # unknown, or ambiguous without a parent to tell them apart
            scope = found[0].code
        if scope is None:
            return None
        return scope if level is None or level_of(scope) == level else None


def _depth(level: RegionLevel) -> int:
    return list(RegionLevel).index(level)


def _at_level(code: str, level: RegionLevel | None) -> str | None:
    if level is None:
        return code
    parts = code.split(".")
    wanted = _depth(level) + 1
    return ".".join(parts[:wanted]) if len(parts) >= wanted else None


def _area_label(row: dict[str, str]) -> str:
    named = [
        row[k] for k in ("kode_wilayah", "kelurahan", "kecamatan", "kabupaten_kota") if row.get(k)
    ]
    return "wilayah tidak dikenal: " + (", ".join(named) if named else "(kosong)")


def validate(
    session: Session, rows: list[dict[str, str]]
) -> tuple[list[RosterRow], list[tuple[int, str]]]:
    """Check every row; returns the good ones and (line, reason) for the others."""
    resolver = _AreaResolver(session)
    good: list[RosterRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            name = " ".join(row.get("nama", "").split())
            if not name:
                raise ValueError("nama kosong")
            try:
                phone = normalise_phone(row.get("telepon", ""))
            except InvalidPhone:
                raise ValueError(f"nomor telepon tidak valid: {row.get('telepon', '')!r}") from None
            role_text = row.get("peran", "").strip().lower() or "psm"
            role = ROLE_ALIASES.get(role_text)
            if role is None:
                raise ValueError(
                    f"peran tidak dikenal: {role_text!r} "
                    "(pilih psm, ketua_psm, tksk, dinsos, admin)"
                )
            if phone in seen:
                raise ValueError(f"nomor {phone} sudah ada di baris {seen[phone]}")
            area_code = resolver.resolve(row, ROLE_LEVEL.get(role))
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        seen[phone] = line
        good.append(RosterRow(line, name, phone, role, area_code))
    return good, errors


def import_roster(
    engine: Engine,
    path: Path,
    *,
    progress: Callable[[Iterable[RosterRow]], Iterable[RosterRow]] = lambda rows: rows,
    batch_size: int = 200,
) -> ImportReport:
    """Import a roster file: good rows are stored (idempotent on phone), bad rows reported."""
    rows = read_table(path)
    report = ImportReport()
    with Session(engine) as session:
        good, report.errors = validate(session, rows)
    batch: list[RosterRow] = []
    for row in progress(good):
        batch.append(row)
        if len(batch) >= batch_size:
            _store(engine, batch, report)
            batch = []
    if batch:
        _store(engine, batch, report)
    return report


def _store(engine: Engine, batch: list[RosterRow], report: ImportReport) -> None:
    with transaction(engine) as session:
        for row in batch:
            _, created = upsert_person(
                session=session,
                phone=row.phone,
                name=row.name,
                role=row.role,
                area_code=row.area_code,
            )
            if created:
                report.created += 1
            else:
                report.updated += 1
