"""The bridge's configurable paths and field names, against a gateway that names them otherwise.

The gateway (tests/support/lapor_gateway.py) is a real HTTP server on loopback in front of the
real emulator: every call under another path, every [U] answer field under another name (the
default name gone). The bridge is pointed at it with a mapping that says so. A bridge that used
one default path or field name anywhere would get a 404, or read nothing, and the tests fail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from central.lapor.mapping import MappingError, load_mapping, parse_mapping
from tests.support.lapor import (
    CREDENTIALS,
    INSTITUTION_A,
    TEST_MAPPING,
    Emulator,
    Hub,
    approved_followup,
    bridge_command,
    emulator,
    feed,
    hub,
    make_bridge,
    sent,
    walk_in,
)
from tests.support.lapor_gateway import GATEWAY_FIELDS, GATEWAY_PATHS, RenamingGateway
from tests.support.server import AGENCY_B, op

__all__ = ["emulator", "hub"]
GATEWAY_MAPPING: dict[str, Any] = {
    **TEST_MAPPING,
    "paths": GATEWAY_PATHS,
    "fields": GATEWAY_FIELDS,
    "import_institutions": True,
}


@pytest.fixture
def gateway(emulator: Emulator) -> Iterator[RenamingGateway]:
    front = RenamingGateway(emulator.base_url)
    front.start()
    try:
        yield front
    finally:
        front.stop()


def _bridge(hub: Hub, emulator: Emulator, gateway: RenamingGateway, **options: Any) -> Any:
    mapping = parse_mapping(options.pop("mapping", GATEWAY_MAPPING))
    return make_bridge(hub, emulator, mapping=mapping, base_url=gateway.base_url, **options)


def _report_of(hub: Hub, complaint_id: str, username: str = "officer1") -> dict[str, Any]:
    found = [
        r
        for r in feed(hub.api(username), "report").values()
        if (r.get("lapor") or {}).get("tracking_id") == complaint_id
    ]
    assert len(found) == 1, found
    return found[0]


def test_the_gateway_serves_only_its_own_names(
    emulator: Emulator, gateway: RenamingGateway
) -> None:
    """The front is what the other tests rely on: default paths are not there, names differ."""
    headers = CREDENTIALS.headers()
    complaint_id = emulator.complaint()
    default = httpx.get(f"{gateway.base_url}/complaints/complaint", headers=headers)
    assert default.status_code == 404
    listed = httpx.get(
        f"{gateway.base_url}/gw/v4/pengaduan",
        headers=headers,
        params={"disposition_id": INSTITUTION_A},
    ).json()["results"]["data"]
    assert [item["pengaduan_id"] for item in listed] == [int(complaint_id)]
    assert all("id" not in item for item in listed)


def test_a_complaint_disposed_on_lapor_reaches_the_hub_through_the_gateway(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway
) -> None:
    complaint_id = emulator.complaint(title="Lampu jalan padam di Pasar Baru")
    bridge = _bridge(hub, emulator, gateway)
    summary = bridge.cycle()
    assert (summary.pull.created, summary.pull.failed) == (1, 0), summary
    assert summary.masters > 0  # templates and institutions, under the gateway's paths
    report = _report_of(hub, complaint_id)
    assert report["title"] == "Lampu jalan padam di Pasar Baru"
    assert report["lapor"] == sent(complaint_id)
    reference = hub.api("officer1").get("/reference").json()
    assert "lapor-1302" in {a["id"] for a in reference["agencies"]}
    # A reporter's reply is told apart by the renamed flag, and applied once.
    emulator.control(
        "POST", f"/complaints/{complaint_id}/reply", {"content": "Lampunya masih padam."}
    )
    for _ in range(2):
        assert bridge.cycle().pull.failed == 0
    history = _report_of(hub, complaint_id)["history"]
    assert [h["action"] for h in history].count("reporter_reply") == 1
    for call in ("templates", "institutions", "inbox", "complaint", "followups"):
        assert gateway.count(call) > 0, call
    assert hub.admin("GET", "/bridge")["last_error"] is None


def test_a_followup_reaches_lapor_once_though_its_answer_is_lost_at_the_gateway(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway
) -> None:
    complaint_id = emulator.complaint()
    bridge = _bridge(hub, emulator, gateway)
    bridge.cycle()
    report_id = _report_of(hub, complaint_id)["id"]
    text = "Tim DPUPR sudah memperbaiki lampu jalan di Pasar Baru pada hari Selasa."
    followup = approved_followup(hub, report_id, text)
    gateway.lose_next("followup_add")
    first = bridge.cycle()
    assert (first.push.unknown, first.push.sent) == (1, 0), first
    assert gateway.lost == {"followup_add": 1}
    assert emulator.followup_contents(complaint_id) == [text]  # carried out, answer lost
    # The read-back finds it by the renamed institution field and takes its renamed id.
    second = bridge.cycle()
    assert (second.push.read_back, second.push.sent) == (1, 0), second
    bridge.cycle()
    assert emulator.followup_contents(complaint_id) == [text]
    assert gateway.count("followup_add") == 1
    on_lapor = emulator.full(complaint_id)["followups"][0]
    seen = feed(hub.api("officer1"), "followup")[followup["id"]]
    assert seen["lapor"] == sent(str(on_lapor["id"]))
    # A second follow-up, answered normally: its id is read from the renamed answer field (no
    # read-back of the follow-up list, which would find it too).
    again = approved_followup(hub, report_id, "Lampu kedua juga sudah diganti kemarin sore.")
    listed_before = gateway.count("followups")
    assert _bridge(hub, emulator, gateway, pull=False).cycle().push.sent == 1
    assert gateway.count("followups") == listed_before
    second_on_lapor = emulator.full(complaint_id)["followups"][1]
    seen = feed(hub.api("officer1"), "followup")[again["id"]]
    assert seen["lapor"] == sent(str(second_on_lapor["id"]))
    assert len(emulator.followup_contents(complaint_id)) == 2


@pytest.mark.parametrize("lost", [False, True], ids=["answered", "answer-lost"])
def test_a_walk_in_gets_its_lapor_id_through_the_gateway(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway, lost: bool
) -> None:
    report_id = walk_in(hub, 1500)
    if lost:
        gateway.lose_next("create")
    bridge = _bridge(hub, emulator, gateway, pull=False)
    first = bridge.cycle()
    assert (first.push.sent, first.push.unknown) == ((0, 1) if lost else (1, 0)), first
    if lost:  # read back through the renamed list call and its renamed id
        second = bridge.cycle()
        assert (second.push.read_back, second.push.sent) == (1, 0), second
    stats = emulator.control("GET", "/stats")["counts"]
    assert stats["complaint"] == 1
    listed = emulator.http.get(
        "/complaints/complaint",
        params={"disposition_id": INSTITUTION_A},
        headers=CREDENTIALS.headers(),
    ).json()["results"]["data"]
    complaint_id = str(listed[0]["id"])
    assert len(emulator.full(complaint_id)["data"]["attachments"]) == 1
    assert feed(hub.api("desk1"), "report")[report_id]["lapor"] == sent(complaint_id)
    assert (gateway.count("upload"), gateway.count("create")) == (1, 1)
    # Answered, the id came from the renamed create field: the list call was not needed.
    assert gateway.count("inbox") == (1 if lost else 0)


def test_a_handoff_request_goes_through_the_gateway(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway
) -> None:
    complaint_id = emulator.complaint()
    bridge = _bridge(hub, emulator, gateway)
    bridge.cycle()
    officer = hub.api("officer1")
    report = _report_of(hub, complaint_id)
    reason = "Saluran irigasi primer adalah kewenangan dinas lain."
    body = {"target_agency_id": AGENCY_B, "reason": reason}
    asked = officer.push_one(op("report.handoff_request", report["id"], body, report["version"]))
    assert asked["status"] == "applied", asked
    assert bridge.cycle().push.sent == 1
    logs = emulator.full(complaint_id)["data_logs"]
    assert [e["content"] for e in logs if e["type"] == "not_authority_request"] == [reason]
    assert gateway.count("handoff") == 1


# --- a mapping that does not fit the gateway --------------------------------------------------


def _wrong(name: str, **fields: str) -> dict[str, Any]:
    """The gateway's mapping with one path under the gateway's old version, or some fields
    under their default names."""
    if fields:
        return {**GATEWAY_MAPPING, "fields": {**GATEWAY_FIELDS, **fields}}
    paths = {**GATEWAY_PATHS, name: GATEWAY_PATHS[name].replace("/gw/v4/", "/gw/v3/")}
    return {**GATEWAY_MAPPING, "paths": paths}


@pytest.mark.parametrize("wrong", ["inbox", "complaint", "followups", "inbox_complaint_id"])
def test_a_wrong_pull_path_or_field_is_shown_to_the_admin(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway, wrong: str
) -> None:
    complaint_id = emulator.complaint()
    if wrong == "inbox_complaint_id":
        mapping = _wrong("", inbox_complaint_id="id")
    else:
        mapping = _wrong(wrong)
    bridge = _bridge(hub, emulator, gateway, mapping=mapping)
    summary = bridge.cycle()  # no exception: the cycle ends and says what went wrong
    assert summary.pull.created == 0 and summary.pull.failed >= 1, summary
    expected = {
        "inbox": ("list call", "HTTP 404: Route not found"),
        "complaint": (f"complaint {complaint_id}", "HTTP 404: Route not found"),
        "followups": (f"follow-ups of {complaint_id}", "HTTP 404: Route not found"),
        "inbox_complaint_id": (
            "list call",
            "the listed items carry no field 'id': check fields.inbox_complaint_id in the mapping",
        ),
    }[wrong]
    error = hub.admin("GET", "/bridge")["last_error"]
    assert (error["where"], error["reason"]) == expected, error
    assert feed(hub.api("officer1"), "report") == {}
    # Fixed, the same complaint arrives.
    assert _bridge(hub, emulator, gateway).cycle().pull.created == 1
    assert _report_of(hub, complaint_id)["lapor"] == sent(complaint_id)


def test_wrong_followup_field_names_hold_the_send_and_the_replies_instead_of_misreading(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway
) -> None:
    """A read-back that cannot see the institution would send a second copy; replies without
    their id would all look like the first one. Both wait, visibly, until the mapping is fixed."""
    complaint_id = emulator.complaint()
    _bridge(hub, emulator, gateway).cycle()
    report_id = _report_of(hub, complaint_id)["id"]
    text = "Petugas sudah memangkas pohon yang menutupi lampu jalan."
    approved_followup(hub, report_id, text)
    emulator.control("POST", f"/complaints/{complaint_id}/reply", {"content": "Terima kasih."})
    emulator.control("POST", f"/complaints/{complaint_id}/reply", {"content": "Sudah terang."})
    wrong = _wrong("", followup_institution="institution_from_id", followup_id="id")
    gateway.lose_next("followup_add")
    bridge = _bridge(hub, emulator, gateway, mapping=wrong)
    for _ in range(3):
        summary = bridge.cycle()
        assert summary.push.sent == 0 and summary.pull.replies == 0, summary
    assert emulator.followup_contents(complaint_id) == [text]  # once, not again
    status = hub.admin("GET", "/bridge")
    (problem,) = status["problems"]
    assert problem["state"] == "unknown"
    assert problem["reason"] == (
        "read-back failed: the listed items carry no field 'id': check fields.followup_id in"
        " the mapping"
    )
    history = _report_of(hub, complaint_id)["history"]
    assert [h["action"] for h in history].count("reporter_reply") == 0
    fixed = _bridge(hub, emulator, gateway).cycle()
    assert (fixed.push.read_back, fixed.push.sent, fixed.pull.replies) == (1, 0, 2), fixed
    assert emulator.followup_contents(complaint_id) == [text]
    assert hub.admin("GET", "/bridge")["problems"] == []


def test_a_wrong_followup_path_is_shown_to_the_admin_and_the_office(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway
) -> None:
    complaint_id = emulator.complaint()
    _bridge(hub, emulator, gateway).cycle()
    report_id = _report_of(hub, complaint_id)["id"]
    followup = approved_followup(hub, report_id, "Tindak lanjut yang dikirim ke alamat keliru.")
    summary = _bridge(hub, emulator, gateway, mapping=_wrong("followup_add")).cycle()
    assert (summary.push.sent, summary.push.failed) == (0, 1), summary
    assert emulator.followup_contents(complaint_id) == []
    status = hub.admin("GET", "/bridge")
    (problem,) = status["problems"]
    assert problem["hub_id"] == followup["id"] and "HTTP 404" in problem["reason"]
    seen = feed(hub.api("officer1"), "followup")[followup["id"]]
    assert seen["lapor"]["state"] == "failed" and seen["lapor"]["reason"] == "refused"


def test_a_gateways_html_404_fails_the_followup_at_once_and_names_what_to_check(
    hub: Hub, emulator: Emulator, gateway: RenamingGateway
) -> None:
    """A web server's own 404 page (not JSON) for a mistyped path: the call never reached
    LAPOR!, so the follow-up fails at once with what to check, instead of being read back and
    tried again for ever; fixed and re-queued, it is sent exactly once."""
    complaint_id = emulator.complaint()
    _bridge(hub, emulator, gateway).cycle()
    report_id = _report_of(hub, complaint_id)["id"]
    followup = approved_followup(hub, report_id, "Tindak lanjut lewat gerbang yang salah alamat.")
    gateway.html_404 = True
    summary = _bridge(hub, emulator, gateway, mapping=_wrong("followup_add")).cycle()
    assert (summary.push.sent, summary.push.failed) == (0, 1), summary
    (problem,) = hub.admin("GET", "/bridge")["problems"]
    assert problem["hub_id"] == followup["id"]
    assert "HTTP 404 from the gateway" in problem["reason"] and "path" in problem["reason"]
    seen = feed(hub.api("officer1"), "followup")[followup["id"]]
    assert seen["lapor"]["state"] == "failed"
    hub.admin("POST", "/bridge/requeue")
    assert _bridge(hub, emulator, gateway).cycle().push.sent == 1
    assert emulator.followup_contents(complaint_id) == [
        "Tindak lanjut lewat gerbang yang salah alamat."
    ]


# --- refused at start --------------------------------------------------------------------------

BAD_MAPPINGS: dict[str, tuple[dict[str, Any], str]] = {
    "unknown top-level key": ({"pathz": {}}, "pathz: Extra inputs are not permitted"),
    "unknown path key": (
        {"paths": {**GATEWAY_PATHS, "list": "/gw/v4/x"}},
        "paths.list: Extra inputs are not permitted",
    ),
    "unknown field key": (
        {"fields": {"complaint_id": "id_pengaduan"}},
        "fields.complaint_id: Extra inputs are not permitted",
    ),
    "no leading slash": (
        {"paths": {**GATEWAY_PATHS, "followup_add": "gw/v4/tindak-lanjut/kirim"}},
        "paths.followup_add: Value error, 'gw/v4/tindak-lanjut/kirim' must start with /",
    ),
    "a host, not a path": (
        {"paths": {**GATEWAY_PATHS, "create": "//gateway.example/v4/pengaduan"}},
        "paths.create: Value error, '//gateway.example/v4/pengaduan' must start with a single /",
    ),
    "empty create": (
        {"paths": {**GATEWAY_PATHS, "create": ""}},
        "paths.create: Value error, is empty",
    ),
    "query in a path": (
        {"paths": {**GATEWAY_PATHS, "inbox": "/gw/v4/pengaduan?status=baru"}},
        "paths.inbox: Value error, '/gw/v4/pengaduan?status=baru' must be a bare path",
    ),
    "climbs out": (
        {"paths": {**GATEWAY_PATHS, "templates": "/gw/../v4/templat"}},
        "paths.templates: Value error, '/gw/../v4/templat' must not climb out of the base URL",
    ),
    "misspelt placeholder": (
        {"paths": {**GATEWAY_PATHS, "followups": "/gw/v4/pengaduan/{complaint_id}/tl"}},
        "paths.followups: Value error, '/gw/v4/pengaduan/{complaint_id}/tl' has a placeholder",
    ),
    "no id where one is needed": (
        {"paths": {**GATEWAY_PATHS, "complaint": "/gw/v4/pengaduan"}},
        "paths.complaint: Value error, '/gw/v4/pengaduan' must contain {id}",
    ),
    "id where there is none": (
        {"paths": {**GATEWAY_PATHS, "followup_add": "/gw/v4/pengaduan/{id}/tl"}},
        "paths.followup_add: Value error, '/gw/v4/pengaduan/{id}/tl' has no complaint id",
    ),
    "empty field name": (
        {"fields": {**GATEWAY_FIELDS, "inbox_complaint_id": ""}},
        "fields.inbox_complaint_id: String should have at least 1 character",
    ),
}


@pytest.mark.parametrize("case", list(BAD_MAPPINGS))
def test_a_bad_path_or_unknown_key_is_refused_at_start(tmp_path: Path, case: str) -> None:
    change, expected = BAD_MAPPINGS[case]
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps({**GATEWAY_MAPPING, **change}))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert expected in str(caught.value), str(caught.value)


def test_the_gateway_mapping_itself_is_accepted_and_the_command_refuses_a_bad_one(
    tmp_path: Path, gateway: RenamingGateway
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GATEWAY_MAPPING))
    assert load_mapping(good).paths.inbox == "/gw/v4/pengaduan"
    bad = tmp_path / "bad.json"
    paths = {**GATEWAY_PATHS, "inbox": "gw/v4/pengaduan", "kirim": "/gw/v4/kirim"}
    bad.write_text(json.dumps({**GATEWAY_MAPPING, "paths": paths}))
    done = bridge_command(tmp_path, "--once", "--base-url", gateway.base_url, "--mapping", str(bad))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    assert "bridge not started" in done.stderr, done.stderr
    # Every problem, each with its place: the unknown key and the path without its slash.
    assert "paths.kirim: Extra inputs are not permitted" in done.stderr, done.stderr
    assert "paths.inbox: Value error, 'gw/v4/pengaduan' must start with /" in done.stderr
    assert gateway.calls == []  # nothing was asked of the gateway
