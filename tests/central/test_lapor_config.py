"""The bridge's mapping file, its secrets, the emulator's contract, and its command line."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import httpx
import pytest

from central.demo_data import reference_world
from central.lapor.emulator import DEFAULT_ACCOUNT_TOKEN, DEFAULT_GATEWAY_KEY
from central.lapor.mapping import DEMO_MAPPING, MappingError, check_against_hub, load_mapping
from central.lapor.secrets import SecretsError, load_credentials
from tests.support.lapor import (
    CREDENTIALS,
    TEST_MAPPING,
    Emulator,
    Hub,
    approved_followup,
    bridge_command,
    emulator,
    feed,
    hub,
    make_bridge,
)

__all__ = ["emulator", "hub"]
HEADERS = CREDENTIALS.headers()


# --- mapping --------------------------------------------------------------------------------------


def test_the_demo_mapping_is_valid_and_names_only_demo_agencies() -> None:
    mapping = load_mapping(DEMO_MAPPING)
    world = reference_world()
    check_against_hub(mapping, {a.id for a in world.agencies}, {c.id for c in world.categories})
    assert mapping.institution_of("agency-dpupr") == "2101"


def test_a_bad_mapping_is_refused_with_every_problem_named(tmp_path: Path) -> None:
    bad = {
        **TEST_MAPPING,
        "statuses": {"Selesai": "done"},
        "classifications": {"pengaduan": 6},
        "date_format": "%d-%m-%Y",
        "paths": {"complaint": "/complaints/complaint"},
        "surprise": 1,
    }
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    message = str(caught.value)
    for where in ("statuses", "classifications", "date_format", "paths", "surprise"):
        assert where in message, message
    path.write_text("{not json")
    with pytest.raises(MappingError, match="is not JSON: line 1"):
        load_mapping(path)


def test_a_mapping_naming_an_unknown_hub_agency_is_refused() -> None:
    mapping = load_mapping(DEMO_MAPPING)
    with pytest.raises(MappingError, match=r"agencies\.agency-dpupr: no such hub agency"):
        check_against_hub(mapping, {"agency-other"}, set())


def test_the_command_refuses_to_start_on_a_bad_mapping(tmp_path: Path) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps({**TEST_MAPPING, "agencies": {}}))
    done = bridge_command(
        tmp_path, "--once", "--base-url", "http://127.0.0.1:9", "--mapping", str(path)
    )
    assert done.returncode != 0
    assert "bridge not started" in done.stderr and "agencies" in done.stderr


# --- secrets --------------------------------------------------------------------------------------


def test_secrets_come_from_the_environment_or_a_0600_file(tmp_path: Path) -> None:
    path = tmp_path / "lapor.secrets"
    path.write_text("# LAPOR!\nLAPOR_GATEWAY_KEY=from-file\nLAPOR_ACCOUNT_TOKEN=guid-file\n")
    path.chmod(0o644)
    with pytest.raises(SecretsError, match="chmod 600"):
        load_credentials(path, environ={})
    path.chmod(0o600)
    found = load_credentials(path, environ={})
    assert (found.gateway_key, found.account_token) == ("from-file", "guid-file")
    env = {"LAPOR_GATEWAY_KEY": "from-env", "LAPOR_SECRETS_FILE": str(path)}
    assert load_credentials(environ=env).gateway_key == "from-env"
    assert "from-file" not in repr(found) and "guid-file" not in str(found)
    with pytest.raises(SecretsError, match="LAPOR_ACCOUNT_TOKEN"):
        load_credentials(environ={"LAPOR_GATEWAY_KEY": "x"})


def test_the_credentials_never_reach_the_database_the_log_or_the_feed(
    hub: Hub, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    complaint_id = emulator.complaint()
    bridge = make_bridge(hub, emulator)
    bridge.cycle()
    officer = hub.api("officer1")
    report_id = next(iter(feed(officer, "report")))
    approved_followup(hub, report_id, "Tindak lanjut untuk memeriksa kerahasiaan kunci.")
    emulator.faults({"fault": "html", "count": 1}, {"fault": "error_5xx", "count": 1})
    for _ in range(3):
        bridge.cycle()
    assert len(emulator.followup_contents(complaint_id)) == 1
    secrets = (DEFAULT_GATEWAY_KEY, DEFAULT_ACCOUNT_TOKEN)
    stored = b"".join(p.read_bytes() for p in hub.data_dir.rglob("central.db*"))
    changes, _ = officer.pull_all()
    admin = json.dumps(hub.admin("GET", "/bridge"))
    for secret in secrets:
        assert secret.encode() not in stored
        assert secret not in json.dumps(changes)
        assert secret not in admin
        assert secret not in caplog.text


# --- the emulator's contract ----------------------------------------------------------------------


def test_the_emulator_checks_both_credentials(emulator: Emulator) -> None:
    url = f"{emulator.base_url}/masters/institutions/external"
    assert httpx.get(url).status_code == 401
    wrong_key = {**HEADERS, "Authorization": "Bearer nope"}
    assert httpx.get(url, headers=wrong_key).status_code == 401
    wrong_token = {**HEADERS, "token": "00000000-0000-0000-0000-000000000000"}
    assert httpx.get(url, headers=wrong_token).status_code == 403
    ok = httpx.get(url, headers=HEADERS, params={"page_size": 1000})
    assert ok.status_code == 200
    assert "2101" in {i["id"] for i in ok.json()["results"]["data"]}


def test_the_emulator_pages_like_laravel_with_lapor_dates(emulator: Emulator) -> None:
    emulator.control("POST", "/complaints/bulk", {"count": 20, "disposition_id": "2101"})
    url = f"{emulator.base_url}/complaints/complaint"
    first = httpx.get(url, headers=HEADERS, params={"disposition_id": "2101"}).json()["results"]
    assert (first["per_page"], first["total"], len(first["data"])) == (15, 20, 15)
    second = httpx.get(first["next_page_url"], headers=HEADERS).json()["results"]
    assert len(second["data"]) == 5 and second["next_page_url"] is None
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", second["data"][0]["updated_at"])
    complaint_id = first["data"][0]["id"]
    detail = httpx.get(f"{emulator.base_url}/complaints/{complaint_id}/complaint", headers=HEADERS)
    data = detail.json()["results"]
    assert data["data"]["status_name"] == "Terverifikasi"
    assert data["data_logs"][-1]["institution_to_name"].startswith("Dinas Pekerjaan Umum")
    missing = httpx.get(f"{emulator.base_url}/complaints/1/complaint", headers=HEADERS)
    assert missing.status_code == 404
