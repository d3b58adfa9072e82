"""Routes of the sync protocol: health, auth, reference data, the change feed and push."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from central import auth
from central.deps import Services, ServicesDep, UserDep
from central.desks import desk_number
from central.epochs import check_mark, current_mark
from central.feed import read_page
from central.models import User
from central.problems import NOT_FOUND, ProblemError
from central.push import push, stored_result
from central.reference import build_reference, canonical_json, etag_of, regency_code
from central.regions import regions_body
from central.render import Viewer
from central.reveals import store_reveals
from central.rules import load_rules, world_now
from central.world import housekeeping
from sync.wire import (
    API_VERSION,
    MAX_CHANGES_PAGE,
    NEXT_CURSOR_HEADER,
    SERVER_TIME_HEADER,
    SERVICE_NAME,
    ChangesPage,
    Health,
    LoginRequest,
    LogoutRequest,
    OpResult,
    PushRequest,
    PushResponse,
    Reference,
    RefreshRequest,
    Regions,
    RevealAnswer,
    RevealBatch,
    TokenPair,
)

router = APIRouter()


@router.get("/health", response_model=Health, tags=["meta"])
def health(svc: ServicesDep) -> Health:
    with svc.db.read() as session:
        now = world_now(session)
        mark = current_mark(session)
    return Health(service=SERVICE_NAME, api_version=API_VERSION, server_time=now, mark=mark)


# --- auth ---------------------------------------------------------------------------------------


def _client(request: Request, policy: auth.AuthPolicy) -> str:
    peer = request.client.host if request.client else None
    return auth.client_address(peer, request.headers.get("x-forwarded-for"), policy)


@router.post("/auth/login", response_model=TokenPair, tags=["auth"])
def login(req: LoginRequest, request: Request, svc: ServicesDep) -> TokenPair:
    policy = svc.settings.auth
    with svc.db.write() as session, session.begin():
        outcome = auth.login(session, req, _client(request, policy), policy)
        if isinstance(outcome, TokenPair) and "desk" in outcome.user.roles:
            number = desk_number(session, outcome.user.agency.id, req.device_id)
            outcome.user.desk_number = number
    if isinstance(outcome, ProblemError):
        raise outcome
    return outcome


@router.post("/auth/refresh", response_model=TokenPair, tags=["auth"])
def refresh(
    req: RefreshRequest,
    svc: ServicesDep,
    x_device_id: Annotated[str | None, Header(max_length=100)] = None,
) -> TokenPair:
    with svc.db.write() as session, session.begin():
        outcome = auth.refresh(session, req.refresh_token, svc.settings.auth, x_device_id)
    if isinstance(outcome, ProblemError):
        raise outcome
    return outcome


@router.post("/auth/logout", status_code=204, tags=["auth"])
def logout(req: LogoutRequest, svc: ServicesDep) -> Response:
    """Ends the session the refresh token belongs to (the whole family); unknown, used or
    already revoked tokens answer the same 204, so a repeated logout is harmless."""
    with svc.db.write() as session, session.begin():
        auth.logout(session, req.refresh_token)
    return Response(status_code=204)


# --- reference ----------------------------------------------------------------------------------


@router.get(
    "/reference",
    response_model=Reference,
    tags=["sync"],
    responses={304: {"description": "Not modified (If-None-Match matched the ETag)"}},
)
def reference(
    user: UserDep,
    svc: ServicesDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    with svc.db.read() as session:
        body = canonical_json(build_reference(session, user))
    return _conditional(body, etag_of(body), if_none_match)


@router.get(
    "/reference/regions",
    response_model=Regions,
    tags=["sync"],
    responses={
        304: {"description": "Not modified (If-None-Match matched the ETag)"},
        404: {"description": "The hub has no kabupaten/kota set (`regions_etag` is null)"},
    },
)
def reference_regions(
    user: UserDep,
    svc: ServicesDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The kecamatan and kelurahan/desa of the hub's kabupaten/kota (see `regions_etag`)."""
    with svc.db.read() as session:
        code = regency_code(session)
    if code is None:
        raise ProblemError(
            404, "not_found", NOT_FOUND, "Kabupaten/kota server ini belum ditetapkan."
        )
    found = regions_body(code)
    return _conditional(found.body, found.etag, if_none_match)


def _conditional(body: bytes, etag: str, if_none_match: str | None) -> Response:
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


# --- pull ---------------------------------------------------------------------------------------


class Housekeeper:
    """Runs auto-close and retention at most once per interval (cheap check on every pull)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._last = 0.0

    def maybe_run(self, svc: Services) -> None:
        if time.monotonic() - self._last < self.interval:
            return
        if not self._lock.acquire(blocking=False):
            return
        try:
            with svc.db.write() as session, session.begin():
                housekeeping(session)
            self._last = time.monotonic()
        finally:
            self._lock.release()


@router.get(
    "/changes",
    response_model=ChangesPage,
    tags=["sync"],
    responses={
        204: {
            "description": "Nothing after the cursor (only with `Prefer: return=minimal`); "
            f"`{SERVER_TIME_HEADER}` carries the server's time"
        }
    },
)
def changes(
    user: UserDep,
    svc: ServicesDep,
    request: Request,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PAGE)] = 200,
    x_simpul_mark: Annotated[str | None, Header(max_length=100)] = None,
    prefer: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    request.app.state.housekeeper.maybe_run(svc)
    with svc.db.read() as session:
        page = read_page(
            session, Viewer.of(user), cursor, limit, load_rules(session), x_simpul_mark
        )
    if cursor and not page.changes and not page.has_more and _prefers_minimal(prefer):
        # Nothing new: no body at all. The client keeps its cursor and its mark (it has seen
        # nothing newer), and takes the server's time from the header.
        return Response(status_code=204, headers={SERVER_TIME_HEADER: _time_header(page)})
    # The next page's cursor before the body: a client may ask for that page while this
    # one is still arriving, so a slow link never waits for the server between pages.
    headers = {NEXT_CURSOR_HEADER: page.next_cursor} if page.has_more else None
    # Serialised once, by the model itself: pages are the bulk of all traffic.
    return Response(
        page.model_dump_json(by_alias=True), media_type="application/json", headers=headers
    )


def _prefers_minimal(prefer: str | None) -> bool:
    """RFC 7240: `Prefer: return=minimal` (one preference among others, any case)."""
    if not prefer:
        return False
    return any(p.split(";")[0].strip().lower() == "return=minimal" for p in prefer.split(","))


def _time_header(page: ChangesPage) -> str:
    return page.server_time.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- push ---------------------------------------------------------------------------------------


@router.post("/sync/push", response_model=PushResponse, tags=["sync"])
async def sync_push(
    req: PushRequest,
    user: UserDep,
    svc: ServicesDep,
    x_simpul_mark: Annotated[str | None, Header(max_length=100)] = None,
) -> PushResponse:
    # Ops run in a worker thread; async here so the fault layer can drop the answer after it.
    return await run_in_threadpool(_checked_push, svc, user, req, x_simpul_mark)


def _checked_push(
    svc: Services, user: User, req: PushRequest, client_mark: str | None
) -> PushResponse:
    """Nothing is applied for a client that saw a history this database does not contain: it
    must first learn that (409) and offer again what the server no longer has."""
    with svc.db.read() as session:
        check_mark(session, client_mark)
    answer = push(svc.db, user, req, svc.settings.data_dir)
    with svc.db.read() as session:
        return answer.model_copy(update={"mark": current_mark(session)})


@router.get("/sync/ops/{op_id}", response_model=OpResult, tags=["sync"])
def sync_op(
    op_id: str,
    user: UserDep,
    svc: ServicesDep,
    x_device_id: Annotated[str | None, Header()] = None,
    device_id: Annotated[str | None, Query()] = None,
) -> OpResult:
    device = device_id or x_device_id
    with svc.db.read() as session:
        result = stored_result(session, device or "", op_id, user) if device else None
    if result is None:
        raise ProblemError(404, "not_found", NOT_FOUND, "Hasil operasi tidak ditemukan.")
    return result


# --- who saw whom -------------------------------------------------------------------------------


@router.post("/audit/reveals", response_model=RevealAnswer, tags=["audit"])
def audit_reveals(batch: RevealBatch, user: UserDep, svc: ServicesDep) -> RevealAnswer:
    """Showings of reporters' identities on the caller's device; idempotent by reveal id."""
    with svc.db.write() as session, session.begin():
        return store_reveals(session, user, batch)
