"""What noticing news costs the pull, and what the marks cost the inbox page.

1. A page of 500 pulled reports, each a newer version with a reporter's reply, applied to an
   encrypted profile holding them: with the news derived and marked, against the same page
   applied `quiet` (no comparison, no marks) on an identical copy in the same run.
2. The inbox's first page (100 rows) with the "new"/"updated" mark column for a user, against
   the same query for a user with nothing marked (the mark subquery is there in both; the
   ratio shows what rows with marks add).

Printed, never asserted: machines are noisy. Target: deriving news adds at most 30 % to
applying a page (`TARGET_RATIO`).

Usage: python bench/news.py [--reports 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from localdb import news, syncstore
from localdb import queries as q
from localdb.actor import Actor
from localdb.profile import Profile
from localdb.pull import apply_changes
from tests.localdb.builders import AGENCY, report_data, upsert

BENCH_KEY = bytes(range(32))
PAGE = 500
TARGET_RATIO = 1.30
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
OFFICER = Actor("u-officer", "officer1", frozenset({"officer"}), AGENCY, "dev-1")
OTHER = Actor("u-other", "officer2", frozenset({"officer"}), AGENCY, "dev-1")


def _user() -> dict[str, Any]:
    return {
        "id": OFFICER.user_id,
        "username": OFFICER.username,
        "full_name": "Petugas",
        "roles": ["officer"],
        "agency": {"id": AGENCY, "code": "DPUPR", "name": "Dinas PUPR"},
    }


def _replied(data: dict[str, Any]) -> dict[str, Any]:
    entry = {"at": T0.isoformat(), "actor": "Pelapor", "action": "reporter_reply", "note": "x"}
    return {**data, "version": data["version"] + 1, "history": [*data["history"], entry]}


def _fill(folder: Path, reports: list[dict[str, Any]]) -> None:
    with Profile.open(folder, key=BENCH_KEY) as p, p.session() as s, s.begin():
        syncstore.save_local_user(s, _user(), device_id="dev-1", verifier=None, verified_at=T0)
        for start in range(0, len(reports), PAGE):
            page = [upsert("report", r) for r in reports[start : start + PAGE]]
            apply_changes(s, page, f"c{start}", quiet=True)


def _apply(folder: Path, page: list[dict[str, Any]], *, quiet: bool) -> tuple[float, int]:
    with Profile.open(folder, key=BENCH_KEY) as p:
        started = time.perf_counter()
        with p.session() as s, s.begin():
            applied = apply_changes(s, page, "next", quiet=quiet)
        return time.perf_counter() - started, len(applied.news)


def _inbox_ms(folder: Path, actor: Actor, runs: int) -> float:
    with Profile.open(folder, key=BENCH_KEY) as p:
        took = []
        for _ in range(runs):
            with p.read_session() as s, s.begin():
                started = time.perf_counter()
                q.inbox_page(s, q.InboxFilter(), sort="date", limit=100, actor=actor)
                took.append(time.perf_counter() - started)
    return statistics.median(took) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    reports = [
        report_data(f"r-{n:06d}", submitted_at=T0 - dt.timedelta(minutes=n))
        for n in range(args.reports)
    ]
    page = [upsert("report", _replied(r)) for r in reports[:PAGE]]
    with tempfile.TemporaryDirectory(prefix="simpul-bench-news-") as tmp:
        template = Path(tmp) / "template"
        _fill(template, reports)
        noticed: list[float] = []
        quiet: list[float] = []
        events = 0
        for run in range(args.runs):
            for name, sink, is_quiet in (("n", noticed, False), ("q", quiet, True)):
                copy = Path(tmp) / f"{name}{run}"
                shutil.copytree(template, copy)
                took, found = _apply(copy, page, quiet=is_quiet)
                sink.append(took)
                events = max(events, found)
        with_news = statistics.median(noticed) * 1000
        baseline = statistics.median(quiet) * 1000
        ratio = with_news / baseline
        print(f"[pull] page of {PAGE} updated reports on {args.reports:,} held, encrypted:")
        print(f"  with news: {with_news:.1f} ms ({events} events), quiet: {baseline:.1f} ms")
        print(f"  ratio {ratio:.2f} (target <= {TARGET_RATIO:.2f})")
        marked = Path(tmp) / f"n{args.runs - 1}"
        mine = _inbox_ms(marked, OFFICER, args.runs * 4)
        nobody = _inbox_ms(marked, OTHER, args.runs * 4)
        with Profile.open(marked, key=BENCH_KEY) as p, p.session() as s, s.begin():
            for r in reports[:PAGE]:
                news.mark_seen(s, OTHER.user_id, r["id"])
        seen = _inbox_ms(marked, OTHER, args.runs * 4)
        print("[inbox] first page, 100 rows, newest first:")
        print(f"  {PAGE} marked for the user: {mine:.2f} ms; all seen: {seen:.2f} ms")
        print(f"  never opened by this user: {nobody:.2f} ms; ratio marked/seen {mine / seen:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
