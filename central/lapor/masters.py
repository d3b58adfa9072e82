"""The masters of LAPOR! kept in the hub's reference data (clients get them with it).

- Reply templates (`GET /masters/templates`) become hub reply templates with the code
  `LAPOR-<code>`; a follow-up written from one is sent with its LAPOR! `template_code`.
- Institutions (`GET /masters/institutions/external`), only when the mapping asks for them
  (`import_institutions`): each one not yet named in the mapping becomes a hub agency
  `lapor-<id>`, so an officer can pick it as a hand-off target and the bridge knows its id.

Refreshed at most every `masters_interval` seconds (the last run is kept in `lapor_state`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from central.lapor.client import LaporClient, Outcome
from central.lapor.mapping import Mapping
from central.lapor.state import get, put
from central.models import Agency, ReplyTemplate

TEMPLATE_PREFIX = "LAPOR-"
AGENCY_PREFIX = "lapor-"
MASTERS_AT = "masters_at"


def due(session: Session, now: dt.datetime, interval: float) -> bool:
    last = get(session, MASTERS_AT)
    return last is None or dt.datetime.fromisoformat(last) <= now - dt.timedelta(seconds=interval)


def fetch(client: LaporClient, mapping: Mapping) -> tuple[list[Any], list[Any]] | Outcome:
    templates = client.pages(mapping.paths.templates, {"page_size": "1000"})
    if not isinstance(templates, list):
        return templates
    institutions: list[Any] = []
    if mapping.import_institutions:
        found = client.pages(mapping.paths.institutions, {"page_size": "1000"})
        if not isinstance(found, list):
            return found
        institutions = found
    return templates, institutions


def apply(
    session: Session,
    mapping: Mapping,
    templates: list[Any],
    institutions: list[Any],
    now: dt.datetime,
) -> int:
    changed = 0
    for item in templates:
        if not isinstance(item, dict) or not item.get("code"):
            continue
        code = f"{TEMPLATE_PREFIX}{item['code']}"[:40]
        body = str(item.get("text") or item.get("content") or "")
        title = str(item.get("title") or f"LAPOR! {item['code']}")[:200]
        changed += _upsert_template(session, code, title, body)
    named = {*mapping.agencies.values(), *mapping.external_agencies.values()}
    for item in institutions:
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            continue
        institution = str(item["id"])
        if institution in named:
            continue
        changed += _upsert_agency(session, institution, str(item.get("name") or institution))
    put(session, MASTERS_AT, now.isoformat())
    return changed


def _upsert_template(session: Session, code: str, title: str, body: str) -> int:
    row = session.get(ReplyTemplate, code)
    if row is None:
        session.add(ReplyTemplate(code=code, title=title, body=body))
        return 1
    if (row.title, row.body) == (title, body):
        return 0
    row.title, row.body = title, body
    return 1


def _upsert_agency(session: Session, institution: str, name: str) -> int:
    agency_id = f"{AGENCY_PREFIX}{institution}"
    row = session.get(Agency, agency_id)
    if row is None:
        session.add(Agency(id=agency_id, code=f"LAPOR-{institution}"[:40], name=name[:200]))
        return 1
    if row.name == name[:200]:
        return 0
    row.name = name[:200]
    return 1


def lapor_template_code(mapping: Mapping, hub_code: str | None) -> str:
    if not hub_code:
        return ""
    if hub_code in mapping.templates:
        return mapping.templates[hub_code]
    return hub_code[len(TEMPLATE_PREFIX) :] if hub_code.startswith(TEMPLATE_PREFIX) else ""
