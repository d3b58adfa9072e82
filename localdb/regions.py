"""The kecamatan and kelurahan/desa of the office's kabupaten/kota, as the hub sent them.

The sync engine stores them (`store_regions`); the desk's picker reads them whole
(`region_choices`), the report screen names a report's region (`region_name`), and a new
intake's code inside the kabupaten/kota must be one of them (`check_known_region`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from domain.errors import ValidationError
from localdb.models import Region, RegionSet
from localdb.sqltypes import utcnow


@dataclass(frozen=True)
class RegionView:
    code: str
    name: str


@dataclass(frozen=True)
class RegionChoices:
    """Everything the picker offers: the kecamatan by name, each one's villages by name."""

    regency_code: str
    regency_name: str
    districts: tuple[RegionView, ...]
    villages: dict[str, tuple[RegionView, ...]] = field(default_factory=dict)

    def check(self, code: str) -> None:
        """`check_known_region` against these lists (for the form, before saving)."""
        if code.startswith(self.regency_code + ".") and self.find(code) is None:
            raise unknown_region(code, self.regency_name)

    def find(self, code: str) -> RegionView | None:
        """The kecamatan or kelurahan/desa with this dotted code, if listed."""
        parent = code.rpartition(".")[0]
        pool = self.districts if parent == self.regency_code else self.villages.get(parent, ())
        return next((r for r in pool if r.code == code), None)


@dataclass(frozen=True)
class RegionName:
    """A listed region with its parents' names, for showing where a report happened."""

    code: str
    name: str
    district: str | None  # the kecamatan of a kelurahan/desa; None for a kecamatan
    regency: str


def store_regions(s: Session, data: dict[str, Any], etag: str) -> None:
    """Replace the stored regions with the server's answer (wire shape `Regions`)."""
    s.execute(delete(Region))
    rows = [
        {
            "code": str(r["code"]),
            "name": str(r["name"]),
            "parent": str(r["code"]).rpartition(".")[0],
        }
        for r in data.get("regions") or []
    ]
    if rows:
        s.execute(insert(Region), rows)
    regency = data["regency"]
    row = s.get(RegionSet, 1)
    if row is None:
        row = RegionSet(id=1)
        s.add(row)
    row.regency_code, row.regency_name = str(regency["code"]), str(regency["name"])
    row.etag, row.fetched_at = etag, utcnow()


def clear_regions(s: Session) -> None:
    """The hub no longer names a kabupaten/kota: forget the list."""
    s.execute(delete(Region))
    s.execute(delete(RegionSet))


def regions_etag(s: Session) -> str | None:
    row = s.get(RegionSet, 1)
    return row.etag if row is not None else None


def region_choices(s: Session) -> RegionChoices | None:
    """The picker's lists; None before the first regions arrive (or when the hub has none)."""
    head = s.get(RegionSet, 1)
    if head is None:
        return None
    districts: list[RegionView] = []
    villages: dict[str, list[RegionView]] = {}
    for code, name, parent in s.execute(select(Region.code, Region.name, Region.parent)):
        if parent == head.regency_code:
            districts.append(RegionView(code, name))
        else:
            villages.setdefault(parent, []).append(RegionView(code, name))
    return RegionChoices(
        head.regency_code,
        head.regency_name,
        _by_name(districts),
        {parent: _by_name(rows) for parent, rows in villages.items()},
    )


def _by_name(rows: list[RegionView]) -> tuple[RegionView, ...]:
    return tuple(sorted(rows, key=lambda r: (r.name.casefold(), r.code)))


def region_name(s: Session, code: str | None) -> RegionName | None:
    """The names of a listed region (None when the code is not in the office's list)."""
    if not code:
        return None
    head = s.get(RegionSet, 1)
    row = s.get(Region, code)
    if head is None or row is None:
        return None
    district = s.get(Region, row.parent) if row.parent != head.regency_code else None
    return RegionName(row.code, row.name, district.name if district else None, head.regency_name)


def check_known_region(s: Session, code: str) -> None:
    """A code inside the office's kabupaten/kota must be on its list; one outside it (a
    citizen may complain about another place) is left to the format rules alone."""
    head = s.get(RegionSet, 1)
    if head is None or not code.startswith(head.regency_code + "."):
        return
    if s.get(Region, code) is None:
        raise unknown_region(code, head.regency_name)


def unknown_region(code: str, regency_name: str) -> ValidationError:
    return ValidationError(
        "region",
        "region_unknown",
        f"Kode wilayah {code} tidak ada dalam daftar wilayah {regency_name}.",
        {"code": code, "regency": regency_name},
    )
