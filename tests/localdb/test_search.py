from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from localdb import queries, search
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


# --- the faster shapes give the same answers --------------------------------------------------

_WORDS = ["jalan", "rusak", "lampu", "pasar", "banjir", "drainase", "sampah", "sekolah", "air"]


def _varied(profile: Profile, n: int, seed: int) -> None:
    """`n` reports with titles and texts drawn from a few words, deadlines and dates spread."""
    rng = random.Random(seed)
    print(f"corpus seed {seed}")
    datas = []
    for _ in range(n):
        title = " ".join(rng.sample(_WORDS, 3)).capitalize()
        content = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 12)))
        datas.append(
            report_data(
                title=title,
                content=content,
                reporter_name=rng.choice(["Budi", "Siti Aminah", None]),
                respond_by=dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(0, 40)),
                submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
                + dt.timedelta(hours=rng.randint(0, 2000)),
                status=rng.choice(["terverifikasi", "dalam_proses", "selesai"]),
            )
        )
    _pull(profile, *datas)


def _ranked_before(s: Session, user_text: str, limit: int) -> list[tuple[str, float]]:
    """The ranked search as it was written before: bm25 with its weights in the query, every
    hit joined to its report, then sorted."""
    query = fts_query(user_text)
    rows = s.execute(
        text(
            "SELECT r.id, bm25(report_fts, 10.0, 4.0, 1.0, 2.0) AS rank "
            "FROM report_fts JOIN report r ON r.pk = report_fts.rowid "
            "WHERE report_fts MATCH :q ORDER BY rank LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    )
    return sorted((r.id, round(float(r.rank), 9)) for r in rows)


@pytest.mark.parametrize("typed", ["jalan", "j", "ja", "jalan r", "pasar banjir", "su", "air"])
def test_ranked_search_finds_what_the_query_before_found(profile: Profile, typed: str) -> None:
    _varied(profile, 300, seed=13)
    with profile.session() as s:
        hits = search_reports(s, typed, limit=1000)
        assert sorted((h.id, round(h.rank, 9)) for h in hits) == _ranked_before(s, typed, 1000)
        assert [h.rank for h in hits] == sorted(h.rank for h in hits)
        # The first page: the same ranks (ties may trade places at the page's edge).
        page = search_reports(s, typed, limit=10)
        assert [round(h.rank, 9) for h in page] == [
            r for _, r in sorted(_ranked_before(s, typed, 1000), key=lambda x: x[1])
        ][:10]


@pytest.mark.parametrize("sort", ["deadline", "date"])
def test_inbox_search_pages_are_the_same_for_few_and_many_hits(
    profile: Profile, monkeypatch: pytest.MonkeyPatch, sort: queries.Sort
) -> None:
    """A broad search walks the sort index, a narrow one sorts its hits: same pages."""
    _varied(profile, 240, seed=29)
    filters = [
        queries.InboxFilter(search="jalan"),
        queries.InboxFilter(search="pasar ba"),
        queries.InboxFilter(search="s", status="dalam_proses"),
    ]

    def pages(filt: queries.InboxFilter) -> list[list[str]]:
        got, after = [], None
        with profile.session() as s:
            while True:
                page = queries.inbox_page(s, filt, sort, after, limit=17)
                got.append([r.id for r in page.rows])
                if page.next_after is None:
                    return got
                after = page.next_after

    for filt in filters:
        narrow = pages(filt)
        monkeypatch.setattr(search, "BROAD_HITS", 1)  # every search counts as broad
        broad = pages(filt)
        monkeypatch.undo()
        assert broad == narrow
        assert sum(len(p) for p in narrow) > 17  # more than one page, so paging was compared
        with profile.session() as s:
            assert sum(len(p) for p in narrow) == _expected_count(s, filt)


def _expected_count(s: Session, filt: queries.InboxFilter) -> int:
    query = fts_query(filt.search or "")
    status = "AND r.status = :status" if filt.status else ""
    return int(
        s.execute(
            text(
                "SELECT count(*) FROM report r WHERE r.pk IN "
                f"(SELECT rowid FROM report_fts WHERE report_fts MATCH :q) {status}"
            ),
            {"q": query, "status": filt.status},
        ).scalar_one()
    )
