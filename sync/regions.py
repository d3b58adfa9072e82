"""The office's regions (kecamatan, kelurahan/desa), fetched only when the hub's differ.

The reference data names the ETag of the caller's regions (`regions_etag`); this PC keeps the
ETag of the regions it holds. Equal: nothing is sent. Different: one conditional
`GET /reference/regions`. None: the hub names no kabupaten/kota, and the list is forgotten.
"""

from __future__ import annotations

from collections.abc import Callable

import requests

from localdb import regions, syncstore
from localdb.profile import Profile
from sync.transport import parse_model
from sync.wire import Regions

# GET /reference/regions with these extra headers, answering 200, 304 or 404.
RegionsGet = Callable[[dict[str, str] | None], requests.Response]


def sync_regions(profile: Profile, get: RegionsGet) -> bool:
    """Bring the stored regions in line with the reference data; True when they changed."""
    with profile.read_session() as s, s.begin():
        data, _etag = syncstore.load_reference(s)
        wanted = (data or {}).get("regions_etag")
        held = regions.regions_etag(s)
    if wanted == held:
        return False
    resp = None
    if wanted is not None:
        resp = get({"If-None-Match": held} if held else None)
        if resp.status_code == 304:
            return False  # a reference older than the regions: the next one will agree
    with profile.session() as s, s.begin():
        if resp is None or resp.status_code == 404:
            regions.clear_regions(s)
        else:
            answer = parse_model(resp, Regions)
            regions.store_regions(s, answer.model_dump(mode="json"), resp.headers.get("ETag", ""))
    return True
