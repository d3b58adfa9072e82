"""The people of an office as the reference data lists them (ids and names, for assigning
work and for showing who holds a report)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from localdb.syncstore import load_reference


@dataclass(frozen=True)
class StaffView:
    id: str
    full_name: str
    roles: tuple[str, ...]


def office_staff(s: Session, agency_id: str, *, role: str | None = None) -> tuple[StaffView, ...]:
    """The office's users (with `role`, only those who have it), by name."""
    data, _etag = load_reference(s)
    people = [
        StaffView(str(p["id"]), str(p.get("full_name") or p["id"]), tuple(p.get("roles") or ()))
        for p in (data or {}).get("staff") or []
        if p.get("agency_id") == agency_id and (role is None or role in (p.get("roles") or ()))
    ]
    return tuple(sorted(people, key=lambda p: p.full_name.lower()))
