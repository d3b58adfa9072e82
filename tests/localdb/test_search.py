from __future__ import annotations

import pytest
from sqlalchemy import text

from localdb import syncstore as ss
from localdb.profile import Profile
from localdb.search import count_matches, fts_query, search_reports
from tests.localdb.builders import remove, report_data, upsert


def _pull(profile: Profile, *datas: dict) -> None:
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", d) for d in datas], "c")


def _ids(profile: Profile, query: str) -> set[str]:
    with profile.session() as s:
        return {hit.id for hit in search_reports(s, query)}


@pytest.fixture
def corpus(profile: Profile) -> dict[str, str]:
    reports = {
        "jalan": report_data(
            title="Jalan Rusak di Kelurahan Cibógo",
            content="Aspal mengelupas.",
            reporter_name="Budi",
        ),
        "air": report_data(
            title="Air PDAM mati",
            content="Sudah tiga hari air tidak mengalir di RT 05.",
            reporter_name="Siti Aminah",
            tracking_id="5010653",
        ),
        "sekolah": report_data(
            title="Pungutan sekolah",
            content="Ada pungutan liar di sekolah dasar negeri.",
            reporter_name=None,
        ),
    }
    _pull(profile, *reports.values())
    return {key: data["id"] for key, data in reports.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jalan rus", "jalan"),  # prefix of what is being typed
        ("JALAN RUSAK", "jalan"),  # case
        ("cibogo", "jalan"),  # diacritics in the text
        ("kelurahan cibôgo", "jalan"),  # diacritics in the query
        ("mengalir", "air"),  # content
        ("aminah", "air"),  # reporter name
        ("5010653", "air"),  # tracking id
        ("501065", "air"),  # tracking id as typed so far
        ("pungutan liar", "sekolah"),
    ],
)
def test_search_finds_indonesian_text(
    profile: Profile, corpus: dict[str, str], query: str, expected: str
) -> None:
    assert _ids(profile, query) == {corpus[expected]}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'jalan"',
        "AND",
        "OR jalan",
        "jalan NOT",
        "*",
        "-jalan",
        "NEAR(jalan",
        "'; DROP TABLE report; --",
        "^x",
        "a:b",
        "()",
        "",
    ],
)
def test_any_user_input_is_safe(profile: Profile, corpus: dict[str, str], query: str) -> None:
    with profile.session() as s:
        search_reports(s, query)  # never raises
        assert s.execute(text("SELECT count(*) FROM report")).scalar_one() == 3


def test_quotes_and_operators_are_searched_as_words(
    profile: Profile, corpus: dict[str, str]
) -> None:
    assert _ids(profile, '"jalan" AND') == set()  # "and" is a word the text lacks
    assert _ids(profile, '"jalan"') == {corpus["jalan"]}
    assert fts_query('ja"lan') == '"ja"* "lan"*'
    assert fts_query("  ?! ") is None


def test_title_matches_rank_above_content_matches(profile: Profile) -> None:
    in_title = report_data(title="Sampah menumpuk", content="Di pinggir kali dekat pasar.")
    in_content = report_data(title="Bau tidak sedap", content="Ada sampah di pinggir jalan.")
    _pull(profile, in_content, in_title)
    with profile.session() as s:
        hits = search_reports(s, "sampah")
    assert [h.id for h in hits] == [in_title["id"], in_content["id"]]
    assert hits[0].rank < hits[1].rank


def test_index_follows_updates_and_removals(profile: Profile, corpus: dict[str, str]) -> None:
    rid = corpus["jalan"]
    _pull(
        profile,
        report_data(
            rid,
            version=2,
            title="Trotoar berlubang",
            content="Bahaya bagi pejalan kaki.",
            reporter_name=None,
        ),
    )
    assert _ids(profile, "cibogo") == set()
    assert _ids(profile, "trotoar") == {rid}
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [remove("report", corpus["air"])], "c2")
    assert _ids(profile, "aminah") == set()
    with profile.session() as s:
        assert count_matches(s, "pungutan") == 1
        s.execute(text("INSERT INTO report_fts(report_fts, rank) VALUES ('integrity-check', 1)"))
