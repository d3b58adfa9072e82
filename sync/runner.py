"""One sync cycle: probe, auth, uploads, push, pull, reference, report.

Every step commits on its own (a pushed batch's results, a pulled page with its cursor), so a
cycle cut off anywhere leaves the profile consistent and the next cycle starts where this one
stopped. An op is marked `sending` before its batch leaves; the server's per-op idempotency makes
sending it again after a lost answer safe.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import requests
from sqlalchemy.orm import Session

from localdb import cipher, reveals, syncstore
from localdb.details import outbox_counts
from localdb.profile import Profile
from localdb.syncstore import PendingOp
from sync import planner
from sync.credentials import AuthRequired, Credentials
from sync.errors import (
    AuthError,
    Cancelled,
    MalformedResponse,
    NetworkSetupError,
    OfflineError,
    ProblemError,
    RateLimited,
    ServerError,
    ServerReplaced,
    ServerRestored,
    TransportError,
    UpgradeRequired,
)
from sync.lock import ProfileLock
from sync.prefetch import PagePrefetcher
from sync.regions import sync_regions
from sync.results import apply_push_results
from sync.summary import CycleState, CycleStats, SyncSummary, message_for
from sync.synclog import RequestLog
from sync.transport import PendingAnswer, RequestRecord, Transport, parse_model
from sync.uploads import upload_blob
from sync.wire import (
    MAX_CHANGES_PAGE,
    MAX_REVEALS,
    NEXT_CURSOR_HEADER,
    SERVER_TIME_HEADER,
    ChangesPage,
    Op,
    PushRequest,
    PushResponse,
    Reference,
    RevealAnswer,
    RevealBatch,
    RevealIn,
    ServerMark,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
Clock = Callable[[], dt.datetime]
# progress(phase, done, total, bytes so far)
ProgressFn = Callable[[str, int, int, int], None]
CancelFn = Callable[[], bool]

LOCK_NAME = "sync.lock"
# Reference data changes rarely; one conditional GET every few hours keeps idle syncs small.
REFERENCE_EVERY = dt.timedelta(hours=6)
_FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


class SyncEngine:
    """Runs sync cycles for one profile. Not thread-safe: one engine per sync thread."""

    def __init__(
        self,
        profile: Profile,
        transport: Transport,
        credentials: Credentials,
        *,
        clock: Clock,
        rng: random.Random | None = None,
        max_ops: int = planner.DEFAULT_MAX_OPS,
        page_limit: int = MAX_CHANGES_PAGE,
    ) -> None:
        self.profile = profile
        self.transport = transport
        self.credentials = credentials
        self.clock = clock
        # Seeded from the process's `random`: each PC's jitter still differs, and a test run's
        # seed (tests/conftest.py) replays the same waits.
        self.rng = rng or random.Random(random.getrandbits(64))
        self.max_ops = max_ops
        self.page_limit = page_limit
        # Ask for the next page as soon as an answer's headers name it (see sync/prefetch.py).
        self.early_pages = True
        self.failures = 0  # consecutive failed cycles, for the cycle's own backoff
        self._reference_at: dt.datetime | None = None
        self._stats = CycleStats()
        self._progress: ProgressFn | None = None
        self._cancel: CancelFn | None = None
        self._server_offset: float | None = None
        self._log_lock = threading.Lock()
        self._log = RequestLog(profile)
        transport.on_request = self._on_request

    # --- the cycle ------------------------------------------------------------------------------

    def run_cycle(
        self,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        *,
        force: bool = False,
    ) -> SyncSummary:
        """Run one cycle. `force` (the user's "Sync now") also sends ops still in backoff."""
        lock = ProfileLock(self.profile.folder / LOCK_NAME)
        started = time.monotonic()
        if not lock.acquire():
            return self._summary(CycleState.BUSY, started, None, stats=CycleStats())
        self._log.owner = threading.get_ident()
        self._stats = CycleStats()
        self._server_offset = None
        self._progress, self._cancel = progress, cancel
        try:
            state, detail, retry_after = self._run_guarded(force)
            self._flush_log()
        finally:
            lock.release()
            self._progress = self._cancel = None
        return self._finish(state, detail, retry_after, started)

    def _run_guarded(self, force: bool) -> tuple[CycleState, str | None, float | None]:
        """Run the steps; map every failure to a cycle state (and never let one escape)."""
        try:
            self._steps(force)
        except Cancelled:
            return CycleState.CANCELLED, None, None
        except AuthRequired as exc:
            return CycleState.AUTH_REQUIRED, exc.message, None
        except NetworkSetupError as exc:  # a proxy or a certificate: say which, in words
            return CycleState.OFFLINE, exc.message, None
        except OfflineError as exc:
            return CycleState.OFFLINE, str(exc), None
        except RateLimited as exc:
            return CycleState.RATE_LIMITED, str(exc), exc.retry_after
        except (ServerError, MalformedResponse) as exc:
            return CycleState.SERVER_ERROR, str(exc), None
        except UpgradeRequired as exc:
            return CycleState.UPGRADE_REQUIRED, exc.message, None
        except ServerReplaced as exc:
            return CycleState.SERVER_REPLACED, str(exc), None
        except (TransportError, OSError) as exc:
            return CycleState.ERROR, f"{type(exc).__name__}: {exc}", None
        except Exception as exc:
            # A bug must not stop syncing for good: the ops stay queued (a `sending` op is sent
            # again next time) and the log has the traceback.
            log.exception("sync cycle failed")
            return CycleState.ERROR, f"{type(exc).__name__}: {exc}", None
        return CycleState.OK, None, None

    def _steps(self, force: bool) -> None:
        now = _FAR_FUTURE if force else self.clock()
        with self.profile.session() as s, s.begin():
            self.transport.device_id = syncstore.device_id(s)
            self.transport.mark = syncstore.get_sync_state(s).server_mark
            has_work = bool(syncstore.pending_ops(s, now=now, limit=1))
        self._phase("probe", 0, 1)
        if has_work or self._reference_due():
            self._probe()
        self._phase("auth", 0, 1)
        self.credentials.ensure_access()
        try:
            self._push_and_pull(now, has_work=has_work)
        except ServerRestored:
            # Nothing was applied or read after that answer: offer again what the server may
            # have lost, then read everything again, in this same cycle.
            self._reoffer()
            self._push_and_pull(_FAR_FUTURE if force else self.clock(), has_work=True)
        if self._reference_due():
            self._reference()

    def _push_and_pull(self, now: dt.datetime, *, has_work: bool) -> None:
        if has_work:
            self._push_outbox(now)
        self._send_reveals()
        self._pull(probed=has_work or self._reference_due())

    def _reoffer(self) -> None:
        with self.profile.session() as s, s.begin():
            self._stats.reoffered += syncstore.reoffer_after_restore(s)
        self.transport.mark = None
        log.warning(
            "server restored from an older copy: %d ops offered again", self._stats.reoffered
        )

    def _keep_mark(self, s: Session, mark: ServerMark | None) -> None:
        """Store the server's newest mark with what came with it (same transaction)."""
        if mark is not None:
            syncstore.set_server_mark(s, mark.header())
            self.transport.mark = mark.header()

    def _finish(
        self, state: CycleState, detail: str | None, retry_after: float | None, started: float
    ) -> SyncSummary:
        at = self.clock()
        ok = state is CycleState.OK
        self.failures = 0 if ok else self.failures + 1
        retry_in = None
        if state in (CycleState.OFFLINE, CycleState.SERVER_ERROR, CycleState.RATE_LIMITED):
            retry_in = planner.retry_delay(
                self.failures, retry_after=retry_after, base=5.0, cap=900.0, rng=self.rng
            )
        with self.profile.session() as s, s.begin():
            syncstore.set_sync_result(
                s,
                at=at,
                success=ok,
                error=None if ok else state.value,
                server_offset_seconds=self._server_offset,
            )
        return self._summary(state, started, detail, retry_in)

    def _summary(
        self,
        state: CycleState,
        started: float,
        detail: str | None,
        retry_in: float | None = None,
        *,
        stats: CycleStats | None = None,
    ) -> SyncSummary:
        stats = stats if stats is not None else self._stats
        parked, unsent = self._outbox_counts()
        return SyncSummary(
            state=state,
            pushed=stats.pushed,
            conflicts=stats.conflicts,
            quarantined=stats.quarantined,
            pulled=stats.pulled,
            uploaded=stats.uploaded,
            requests=stats.requests,
            bytes_sent=stats.bytes_sent,
            bytes_received=stats.bytes_received,
            duration_s=time.monotonic() - started,
            message=message_for(state, stats, detail),
            error=None if state is CycleState.OK else (detail or state.value),
            retry_in=retry_in,
            parked=parked,
            unsent=unsent,
            report_ids=frozenset(stats.report_ids),
            reference_changed=stats.reference_changed,
            news=tuple(stats.news),
        )

    def _outbox_counts(self) -> tuple[int, int]:
        with self.profile.read_session() as s, s.begin():
            counts = outbox_counts(s)
        return counts.parked, counts.unsent

    # --- probe, auth, reference -----------------------------------------------------------------

    def _probe(self) -> None:
        self._check_cancel()
        health = self.transport.probe()
        self._server_offset = (health.server_time - self.clock()).total_seconds()

    def _call(self, fn: Callable[[], T]) -> T:
        """Run one request; on 401 refresh the token once and try again, then ask for a login."""
        self._check_cancel()
        try:
            return fn()
        except AuthError:
            self.credentials.refresh()
        try:
            return fn()
        except AuthError as exc:
            self.credentials.forget()
            raise AuthRequired() from exc

    def _reference_due(self) -> bool:
        return self._reference_at is None or self.clock() - self._reference_at >= REFERENCE_EVERY

    def _reference(self) -> None:
        self._phase("reference", 0, 1)
        with self.profile.read_session() as s, s.begin():
            etag = syncstore.get_sync_state(s).reference_etag
        headers = {"If-None-Match": etag} if etag else None
        resp = self._call(
            lambda: self.transport.request("GET", "/reference", headers=headers, ok=(200, 304))
        )
        if resp.status_code == 200:
            ref = parse_model(resp, Reference)
            with self.profile.session() as s, s.begin():
                syncstore.store_reference(
                    s, ref.model_dump(mode="json", by_alias=True), resp.headers.get("ETag", "")
                )
            self._stats.reference_changed = True
        if sync_regions(self.profile, self._get_regions):
            self._stats.reference_changed = True
        self._reference_at = self.clock()

    def _get_regions(self, headers: dict[str, str] | None) -> requests.Response:
        return self._call(
            lambda: self.transport.request(
                "GET", "/reference/regions", headers=headers, ok=(200, 304, 404)
            )
        )

    # --- push -----------------------------------------------------------------------------------

    def _push_outbox(self, now: dt.datetime) -> None:
        """Push rounds until nothing new is ready (ops unblocked by an earlier round go too).

        An op the server refused because it lacks an attachment (a hub restored from a backup
        lost the file's record) gets one more try in this cycle, after the file is uploaded
        again: waiting a cycle would let another PC's op on the same entity (an approval of
        this follow-up) arrive first and be refused."""
        tried: set[str] = set()
        second_try: set[str] = set()
        while True:
            with self.profile.session() as s, s.begin():
                ops = [
                    o for o in syncstore.pending_ops(s, now=now, limit=500) if o.op_id not in tried
                ]
            if not ops:
                return
            uploaded = self._upload_for(ops)
            plan = planner.decide_cycle(ops, uploaded, max_ops=self.max_ops)
            if not plan.has_push:
                return
            total = sum(len(b) for b in plan.batches)
            for batch in plan.batches:
                self._phase("push", self._stats.pushed, total)
                missing = self._push_batch(batch) - second_try
                tried.update(o.op_id for o in batch)
                if missing:  # due again at once, and allowed one more round
                    self._due_now(missing, min(now, self.clock()))
                    second_try |= missing
                    tried -= missing

    def _due_now(self, op_ids: set[str], at: dt.datetime) -> None:
        with self.profile.session() as s, s.begin():
            syncstore.mark_retry(
                s,
                sorted(op_ids),
                error=f"{planner.ATTACHMENT_MISSING}: uploading again",
                next_attempt_at=at,
            )

    def _upload_for(self, ops: Sequence[PendingOp]) -> set[str]:
        """Upload what these ops need; return the shas now on the server."""
        wanted = {sha for op in ops for sha in op.blob_shas}
        if not wanted:
            return set()
        with self.profile.read_session() as s, s.begin():
            todo = syncstore.blobs_to_upload(s, self.profile.blob_dir, [o.op_id for o in ops])
        missing = {b.sha256 for b in todo}
        for i, blob in enumerate(todo):
            self._phase("upload", i, len(todo))
            try:
                self._call(
                    lambda blob=blob: upload_blob(  # type: ignore[misc]
                        self.transport,
                        blob,
                        persist=self._persist_upload,
                        progress=lambda _sha, off, size: self._phase("upload", off, size),
                        cancel=self._cancel,
                        open_blob=self._open_blob,
                    )
                )
            except ProblemError:
                # The server refused this blob (say a checksum mismatch): start it afresh next
                # time; its ops wait, the rest go.
                self._persist_upload(blob.sha256, None, 0, False)
                continue
            except (FileNotFoundError, cipher.BlobCorrupt):
                continue  # the local file vanished or is damaged: its ops wait for the user, the rest go
            missing.discard(blob.sha256)
            self._stats.uploaded += 1
        return wanted - missing

    def _open_blob(self, path: Path | str) -> Any:
        return cipher.open_file(path, getattr(self.profile, "blob_key", None))

    def _persist_upload(self, sha: str, upload_id: str | None, offset: int, complete: bool) -> None:
        with self.profile.session() as s, s.begin():
            syncstore.set_blob_upload(s, sha, upload_id=upload_id, offset=offset, complete=complete)

    def _push_batch(self, batch: list[PendingOp]) -> set[str]:
        """Push one batch; return the ops refused because the server lacks an attachment."""
        ids = [o.op_id for o in batch]
        with self.profile.session() as s, s.begin():
            device = syncstore.device_id(s)
            syncstore.mark_sending(s, ids)
        request = PushRequest(device_id=device, ops=[_wire_op(o) for o in batch])
        try:
            resp = self._call(
                lambda: self.transport.post_model("/sync/push", request, PushResponse)
            )
        except (TransportError, AuthRequired, Cancelled) as exc:
            self._back_off(batch, exc)
            raise
        self._apply_results(batch, resp)
        return {
            r.op_id
            for r in resp.results
            if planner.classify_result(r).outcome is planner.Outcome.RETRY
            and r.error is not None
            and r.error.code == planner.ATTACHMENT_MISSING
        }

    def _back_off(self, batch: Sequence[PendingOp], exc: BaseException) -> None:
        """The batch's answer never came (or was an error): back to pending, to retry later."""
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        attempts = max(o.attempts for o in batch)
        if isinstance(exc, (AuthRequired, Cancelled, ServerRestored)):
            delay = 0.0  # nothing wrong with the ops: retry as soon as possible
        else:
            delay = planner.retry_delay(attempts, retry_after=retry_after, rng=self.rng)
        with self.profile.session() as s, s.begin():
            syncstore.mark_retry(
                s,
                [o.op_id for o in batch],
                error=f"{type(exc).__name__}: {str(exc)[:200]}",
                next_attempt_at=self.clock() + dt.timedelta(seconds=delay),
            )

    def _apply_results(self, batch: Sequence[PendingOp], resp: PushResponse) -> None:
        """All of one answer in one transaction: the outbox never half-reflects a batch."""
        with self.profile.session() as s, s.begin():
            apply_push_results(
                s, batch, resp.results, stats=self._stats, now=self.clock(), rng=self.rng
            )
            self._keep_mark(s, resp.mark)

    # --- who saw whom --------------------------------------------------------------------------

    def _send_reveals(self) -> None:
        """Send the identity reveals not yet confirmed; mark them sent only on a 2xx answer."""
        while True:
            with self.profile.read_session() as s, s.begin():
                unsent = reveals.unsent_reveals(s, limit=MAX_REVEALS)
            if not unsent:
                return
            self._phase("reveals", 0, len(unsent))
            device = unsent[0].device_id
            batch = [r for r in unsent if r.device_id == device]
            request = RevealBatch(
                device_id=device,
                reveals=[RevealIn(id=r.id, report_id=r.report_id, at=r.at) for r in batch],
            )
            try:
                answer = self._post_reveals(request)
            except ProblemError as exc:
                # Refused whole (say a server from before this endpoint): the rows stay unsent
                # and go next cycle; pulling must not wait for them.
                log.warning("reveals not sent: %s", exc.problem.status)
                return
            with self.profile.session() as s, s.begin():
                reveals.mark_sent(s, [r.id for r in batch], stored=answer.stored, at=self.clock())
            if len(unsent) < MAX_REVEALS:
                return

    def _post_reveals(self, request: RevealBatch) -> RevealAnswer:
        return self._call(
            lambda: self.transport.post_model("/audit/reveals", request, RevealAnswer)
        )

    # --- pull -----------------------------------------------------------------------------------

    def _pull(self, *, probed: bool) -> None:
        with self.profile.read_session() as s, s.begin():
            state = syncstore.get_sync_state(s)
        cursor = state.cursor
        # Until a first cycle has gone through, the pull is the profile's first load: every
        # report is new to it, and that is not news (localdb.news).
        quiet = state.last_success_at is None
        prefetcher = PagePrefetcher(
            self._start_page,
            lambda page: page.next_cursor if page.has_more else None,
            cursor,
        )
        self._phase("pull", 0, 1)
        try:
            for pages, page in enumerate(prefetcher, start=1):
                changes = [c.model_dump(mode="json", by_alias=True) for c in page.changes]
                with self.profile.session() as s, s.begin():
                    applied = syncstore.apply_changes(
                        s, changes, page.next_cursor, server_time=page.server_time, quiet=quiet
                    )
                    self._keep_mark(s, page.mark)
                self._flush_log()
                self._stats.pulled += len(changes)
                self._stats.report_ids.update(applied.report_ids)
                self._stats.news.extend(applied.news)
                self._phase("pull", pages, pages + int(page.has_more))
        except MalformedResponse:
            if not probed:
                # Without a probe first, a captive portal shows up here: ask /health to tell
                # (the page's helpers are done with the transport by now).
                self.transport.probe()
            raise

    def _start_page(self, cursor: str | None) -> PageAnswer:
        """Ask for the page after `cursor`. With a cursor the server may answer 204 when
        nothing is new (`Prefer: return=minimal`): no body, the cursor and the mark stay."""
        params: dict[str, Any] = {"limit": self.page_limit}
        headers: dict[str, str] | None = None
        ok: tuple[int, ...] = (200,)
        if cursor:
            params["cursor"] = cursor
            headers = {"Prefer": "return=minimal"}
            ok = (200, 204)
        pending = self._call(
            lambda: self.transport.start_model(
                "/changes", ChangesPage, params=params, headers=headers, ok=ok
            )
        )
        return PageAnswer(pending, cursor, early=self.early_pages)

    # --- bookkeeping ----------------------------------------------------------------------------

    def _on_request(self, record: RequestRecord) -> None:
        with self._log_lock:
            self._stats.requests += 1
            self._stats.bytes_sent += record.bytes_sent
            self._stats.bytes_received += record.bytes_received
        self._log.add(record)

    def _flush_log(self) -> None:
        self._log.flush()

    def _phase(self, phase: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(phase, done, total, self._stats.bytes_sent + self._stats.bytes_received)

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise Cancelled()


class PageAnswer:
    """One page of the feed asked for: the next cursor from its headers, the page from its
    body (or, for a 204, the unchanged cursor and the server's time from the headers)."""

    def __init__(
        self, pending: PendingAnswer[ChangesPage], cursor: str | None, *, early: bool = True
    ) -> None:
        self.pending = pending
        self.cursor = cursor
        named = pending.headers.get(NEXT_CURSOR_HEADER) if pending.status == 200 else None
        self.early_cursor = (named or None) if early else None

    def finish(self) -> ChangesPage:
        page = self.pending.finish()
        if page is None:
            return self._nothing_new()
        if self.early_cursor is not None and page.next_cursor != self.early_cursor:
            # The next page was asked for with the header's cursor: both must agree.
            raise MalformedResponse("the page's cursor differs from its header's")
        return page

    def _nothing_new(self) -> ChangesPage:
        stamp = self.pending.headers.get(SERVER_TIME_HEADER, "")
        try:
            server_time = dt.datetime.fromisoformat(stamp)
        except ValueError:
            server_time = None
        # A 204 without the server's time (a portal's "no content") is not the server's.
        if self.cursor is None or server_time is None or server_time.tzinfo is None:
            raise MalformedResponse("204 without the server's time")
        return ChangesPage(
            changes=[], next_cursor=self.cursor, has_more=False, server_time=server_time
        )

    def close(self) -> None:
        self.pending.close()


def _wire_op(op: PendingOp) -> Op:
    return Op(
        op_id=op.op_id,
        seq=op.seq,
        type=op.type,  # type: ignore[arg-type]
        entity_id=op.entity_id,
        base_version=op.base_version,
        payload=op.payload,
    )
