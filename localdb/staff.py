"""The people and agencies as the reference data lists them (ids and names: for assigning
work, showing who holds a report, and choosing where a report should be handed off)."""

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


@dataclass(frozen=True)
class AgencyView:
    id: str
    name: str


def agencies(s: Session) -> tuple[AgencyView, ...]:
    """Every agency of the reference data, by name."""
    data, _etag = load_reference(s)
    found = [
        AgencyView(str(a["id"]), str(a.get("name") or a["id"]))
        for a in (data or {}).get("agencies") or []
    ]
    return tuple(sorted(found, key=lambda a: a.name.lower()))
