"""The mapping file of one deployment: hub ids <-> SP4N-LAPOR! ids, paths and field names.

Everything the public sources mark unknown is data here, not code (see docs/bridge.md). The file
is JSON; `load_mapping` validates it at start and raises `MappingError` with every problem found.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

DEMO_MAPPING = Path(__file__).parent / "demo_mapping.json"
HUB_STATUSES = (
    "belum_terverifikasi",
    "terverifikasi",
    "dalam_proses",
    "selesai",
    "diarsipkan",
    "ditolak",
)
HUB_CHANNELS = ("web", "sms", "twitter", "mobile", "regional_app", "walk_in")
HUB_CLASSIFICATIONS = ("pengaduan", "aspirasi", "permintaan_informasi")


class MappingError(Exception):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paths(_Strict):
    """Paths under the base URL; `{id}` is the complaint id."""

    institutions: str = "/masters/institutions/external"
    templates: str = "/masters/templates"
    upload: str = "/complaints/complaint/file"
    create: str = "/complaints/complaint-lmw"
    complaint: str = "/complaints/{id}/complaint"
    followups: str = "/complaints/{id}/followups"
    followup_add: str = "/complaints/followup/add"
    handoff: str = "/complaints/process/{id}/reject"
    # [U] how an agency lists the complaints disposed to it; "" switches the list call off
    # (then only known ids are polled).
    inbox: str = "/complaints/complaint"

    @field_validator("*")
    @classmethod
    def _path(cls, value: str, info: ValidationInfo) -> str:
        # Per field, so every bad path is listed with an unknown key beside it.
        name = info.field_name or ""
        problem = _path_problem(name, value, with_id=name in _ID_PATHS)
        if problem:
            raise ValueError(problem)
        return value


_ID_PATHS = ("complaint", "followups", "handoff")


def _path_problem(name: str, value: str, *, with_id: bool) -> str | None:
    """Why a configured path would not reach the call it names (None: it is a path)."""
    if not value:
        # Only the list call can be switched off; any other call would go to the base URL.
        return None if name == "inbox" else "is empty (only paths.inbox can be switched off)"
    if not value.startswith("/"):
        return f"{value!r} must start with /"
    if value.startswith("//"):
        return f"{value!r} must start with a single / (a path under the base URL, not a host)"
    if any(c.isspace() for c in value) or "?" in value or "#" in value:
        return f"{value!r} must be a bare path: no spaces, query (?) or fragment (#)"
    if any(part in (".", "..") for part in value.split("/")):
        return f"{value!r} must not climb out of the base URL (. or ..)"
    rest = value.replace("{id}", "")
    if "{" in rest or "}" in rest:
        return f"{value!r} has a placeholder other than {{id}}"
    if with_id and "{id}" not in value:
        return f"{value!r} must contain {{id}} (the complaint id)"
    if not with_id and "{id}" in value:
        return f"{value!r} has no complaint id to put in {{id}}"
    return None


FieldName = Annotated[str, Field(min_length=1)]


class Fields(_Strict):
    """Field names in answers that the sources do not show ([U])."""

    created_complaint_id: FieldName = "complaint_id"
    followup_id: FieldName = "id"
    followup_created_at: FieldName = "created_at"
    followup_institution: FieldName = "institution_from_id"
    followup_is_reporter: FieldName = "is_reporter"
    inbox_complaint_id: FieldName = "id"


def missing_field(items: list[Any], fields: Fields, *names: str) -> str | None:
    """A configured field name that none of the listed items carries (None: all are found).

    A wrong name in `fields` would otherwise read as "not there": a read-back would send a
    second copy, reporter replies would all look like one. Only a name no item carries is
    taken as wrong (an item may lack a field LAPOR! leaves out for it). The message names the
    mapping key to fix, never an item's content.
    """
    for name in names:
        key = getattr(fields, name)
        if items and not any(isinstance(item, dict) and key in item for item in items):
            return f"the listed items carry no field {key!r}: check fields.{name} in the mapping"
    return None


class Mapping(_Strict):
    version: int = Field(1, ge=1, le=1)
    user_id: str = Field(min_length=1, description="the LAPOR! account's user_id")
    # hub agency id -> LAPOR! institution id; only these agencies are bridged
    agencies: dict[str, str] = Field(min_length=1)
    # hub agencies outside the deployment that can be hand-off targets: hub id -> institution
    external_agencies: dict[str, str] = Field(default_factory=dict)
    # institution_to_id of a follow-up [U]: the national admin's institution
    followup_to_institution: str
    channels: dict[str, int]
    classifications: dict[str, int]
    categories: dict[str, int] = Field(default_factory=dict)
    default_category_id: int | None = None
    locations: dict[str, int] = Field(default_factory=dict)
    default_location_id: int | None = None
    templates: dict[str, str] = Field(default_factory=dict)
    statuses: dict[str, str]
    date_format: str = "%d-%m-%Y %H:%M:%S"
    timezone: str = "Asia/Jakarta"
    paths: Paths = Field(default_factory=Paths)
    inbox_params: dict[str, str] = Field(
        default_factory=lambda: {"disposition_id": "{institution_id}"}
    )
    page_size: int = Field(100, ge=1, le=1000)
    fields: Fields = Field(default_factory=Fields)
    # Copy LAPOR!'s institutions into the hub as hand-off targets (agencies `lapor-<id>`).
    import_institutions: bool = False

    @field_validator("agencies")
    @classmethod
    def _agencies(cls, value: dict[str, str]) -> dict[str, str]:
        if len(set(value.values())) != len(value):
            raise ValueError("two hub agencies map to the same LAPOR! institution")
        return value

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(HUB_CHANNELS))
        if unknown:
            raise ValueError(f"unknown hub channels {unknown}; known: {list(HUB_CHANNELS)}")
        if "walk_in" not in value:
            raise ValueError("channels needs walk_in (the channel of complaints sent by the desk)")
        return value

    @field_validator("classifications")
    @classmethod
    def _classifications(cls, value: dict[str, int]) -> dict[str, int]:
        missing = sorted(set(HUB_CLASSIFICATIONS) - set(value))
        extra = sorted(set(value) - set(HUB_CLASSIFICATIONS))
        if missing or extra:
            raise ValueError(f"classifications: missing {missing}, unknown {extra}")
        return value

    @field_validator("statuses")
    @classmethod
    def _statuses(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted({v for v in value.values() if v not in HUB_STATUSES})
        if bad:
            raise ValueError(f"statuses map to unknown hub statuses {bad}")
        return value

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, value: str) -> str:
        sample = dt.datetime(2026, 12, 31, 23, 59, 58)
        try:
            back = dt.datetime.strptime(sample.strftime(value), value)
        except ValueError as err:
            raise ValueError(f"date_format does not round-trip: {err}") from None
        if back != sample:
            raise ValueError("date_format must carry day, month, year, hour, minute, second")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    # --- lookups ---------------------------------------------------------------------------

    def institution_of(self, agency_id: str | None) -> str | None:
        return self.agencies.get(agency_id) if agency_id else None

    def agency_of(self, institution_id: Any) -> str | None:
        """The bridged hub agency of a LAPOR! institution (None: not one of ours)."""
        wanted = str(institution_id)
        return next((a for a, i in self.agencies.items() if i == wanted), None)

    def any_agency_of(self, institution_id: Any) -> str | None:
        """Any hub agency (bridged, external, or imported `lapor-<id>`) of an institution."""
        wanted = str(institution_id)
        every = {**self.external_agencies, **self.agencies}
        found = next((a for a, i in every.items() if i == wanted), None)
        if found is None and self.import_institutions:
            return f"lapor-{wanted}"
        return found

    def target_institution(self, agency_id: str) -> str | None:
        found = self.agencies.get(agency_id) or self.external_agencies.get(agency_id)
        if found is None and agency_id.startswith("lapor-"):
            return agency_id[len("lapor-") :]
        return found

    def hub_channel(self, channel_id: Any) -> str:
        found = next((c for c, i in self.channels.items() if str(i) == str(channel_id)), None)
        return found if found and found != "walk_in" else "web"

    def hub_classification(self, classification_id: Any) -> str:
        wanted = str(classification_id)
        found = next((c for c, i in self.classifications.items() if str(i) == wanted), None)
        return found or "pengaduan"

    def hub_category(self, category_id: Any) -> str | None:
        wanted = str(category_id)
        return next((c for c, i in self.categories.items() if str(i) == wanted), None)

    def hub_region(self, location_id: Any) -> str | None:
        wanted = str(location_id)
        return next((r for r, i in self.locations.items() if str(i) == wanted), None)

    def hub_status(self, status_name: str | None) -> str | None:
        return self.statuses.get(status_name or "")

    def parse_date(self, text: str) -> dt.datetime:
        local = dt.datetime.strptime(text, self.date_format)
        return local.replace(tzinfo=ZoneInfo(self.timezone)).astimezone(dt.UTC)

    def format_date(self, value: dt.datetime) -> str:
        return value.astimezone(ZoneInfo(self.timezone)).strftime(self.date_format)


def _describe(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "(top level)"
        lines.append(f"  {where}: {e['msg']}")
    return "\n".join(lines)


def parse_mapping(data: Any, source: str = "mapping") -> Mapping:
    try:
        return Mapping.model_validate(data)
    except ValidationError as err:
        raise MappingError(f"{source} is not a valid LAPOR! mapping:\n{_describe(err)}") from None


def load_mapping(path: Path) -> Mapping:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise MappingError(f"mapping file {path} cannot be read: {err.strerror}") from None
    except json.JSONDecodeError as err:
        raise MappingError(
            f"mapping file {path.name} is not JSON: line {err.lineno} column {err.colno}: {err.msg}"
        ) from None
    return parse_mapping(data, f"mapping file {path.name}")


def check_against_hub(mapping: Mapping, agency_ids: set[str], category_ids: set[str]) -> None:
    """The hub ids the mapping names must exist in the hub's reference data."""
    named = [*mapping.agencies, *mapping.external_agencies]
    problems = [f"  agencies.{a}: no such hub agency" for a in named if a not in agency_ids]
    problems += [
        f"  categories.{c}: no such hub category"
        for c in mapping.categories
        if c not in category_ids
    ]
    if problems:
        raise MappingError("the LAPOR! mapping names unknown hub ids:\n" + "\n".join(problems))
