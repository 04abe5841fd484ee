"""The Kemendagri region hierarchy: province, kab/kota, kecamatan, desa/kelurahan."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field, SQLModel


class RegionLevel(StrEnum):
    """How deep a region sits; the code length follows from it (2, 4, 6, 10 digits)."""

    PROVINCE = "province"
    REGENCY = "regency"  # kabupaten / kota
    DISTRICT = "district"  # kecamatan
    VILLAGE = "village"  # desa / kelurahan


class Region(SQLModel, table=True):
    """One administrative area, keyed by its dotted Kemendagri code (e.g. `32.73.17.1004`)."""

    code: str = Field(primary_key=True, max_length=13)
    name: str = Field(index=True, max_length=120)
    level: RegionLevel = Field(max_length=10)
    parent_code: str | None = Field(
        default=None, foreign_key="region.code", index=True, max_length=13
    )
    # IANA zone of the area (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura, ...).
    timezone: str = Field(default="Asia/Jakarta", max_length=40)
