"""Who saw whom on the client: the local record is append-only, in SQLite itself."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from localdb.profile import Profile
from localdb.reveals import mark_sent, record_reveal, reveals, unsent_reveals
from tests.localdb.builders import OFFICER

AT = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def _record(profile: Profile, report_id: str) -> str:
    with profile.session() as s, s.begin():
        return record_reveal(s, OFFICER, report_id)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE identity_reveal SET user_id = 'someone-else'",
        "UPDATE identity_reveal SET at = '2000-01-01T00:00:00.000000Z'",
        "DELETE FROM identity_reveal",
        "UPDATE identity_reveal_sent SET stored = 0",
        "DELETE FROM identity_reveal_sent",
    ],
)
def test_the_record_refuses_update_and_delete(profile: Profile, statement: str) -> None:
    reveal_id = _record(profile, "r-1")
    with profile.session() as s, s.begin():
        mark_sent(s, [reveal_id], stored=[reveal_id], at=AT)
    with pytest.raises(DatabaseError, match="append-only"), profile.session() as s, s.begin():
        s.execute(text(statement))
    with profile.read_session() as s, s.begin():
        [row] = reveals(s)
        assert (row.id, row.user_id, row.report_id) == (reveal_id, OFFICER.user_id, "r-1")
        assert unsent_reveals(s) == []


def test_a_reveal_holds_ids_and_times_and_leaves_the_unsent_list_once_sent(
    profile: Profile,
) -> None:
    first, second = _record(profile, "r-1"), _record(profile, "r-2")
    with profile.session() as s, s.begin():
        assert [r.id for r in unsent_reveals(s)] == [first, second]
        row = unsent_reveals(s)[0]
        assert (row.user_id, row.device_id) == (OFFICER.user_id, OFFICER.device_id)
        mark_sent(s, [first], stored=[], at=AT)
        mark_sent(s, [first], stored=[], at=AT)  # an answer applied twice changes nothing
    with profile.read_session() as s, s.begin():
        assert [r.id for r in unsent_reveals(s)] == [second]
        columns = {c[1] for c in s.execute(text("PRAGMA table_info(identity_reveal)"))}
    assert columns == {"id", "user_id", "report_id", "device_id", "at"}
