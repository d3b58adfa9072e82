"""The central API application: `create_app(settings)`.

The database must already be migrated (`central.db.upgrade`); `serve` and `EmbeddedServer` do
that before they start the app.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from central import api, api_admin, api_files
from central.db import open_database
from central.deps import Services
from central.epochs import open_epoch
from central.faults import FaultMiddleware, Faults
from central.middleware import (
    RAW_SEND_KEY,
    BodyLimitMiddleware,
    ClientVersionMiddleware,
    GzipRequestMiddleware,
    NulGuardMiddleware,
    RequestIdMiddleware,
    SelectiveGzipMiddleware,
)
from central.problems import (
    INVALID,
    PROBLEM_MEDIA_TYPE,
    ProblemError,
    make_problem,
    problem_response,
)
from central.settings import ServerSettings
from central.uploads import UploadStore
from sync.wire import API_PREFIX, API_VERSION

log = logging.getLogger("central")

_HTTP_CODES = {
    400: ("bad_request", "Permintaan tidak valid"),
    401: ("unauthenticated", "Tidak terautentikasi"),
    403: ("forbidden", "Tidak diizinkan"),
    404: ("not_found", "Tidak ditemukan"),
    405: ("method_not_allowed", "Metode tidak diizinkan"),
    406: ("not_acceptable", "Format tidak tersedia"),
    413: ("too_large", "Permintaan terlalu besar"),
    415: ("unsupported_media_type", "Jenis isi tidak didukung"),
}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def on_problem(_request: Request, exc: ProblemError) -> Response:
        return problem_response(exc.problem, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid"}
        problem = make_problem(
            422, "invalid_request", INVALID, str(first.get("msg")), _field(tuple(first["loc"]))
        )
        return problem_response(problem)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_request: Request, exc: StarletteHTTPException) -> Response:
        code, title = _HTTP_CODES.get(exc.status_code, ("http_error", "Kesalahan HTTP"))
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem_response(make_problem(exc.status_code, code, title, detail), exc.headers)

    @app.exception_handler(Exception)
    async def on_error(request: Request, exc: Exception) -> Response:
        # The exception's text is left out on purpose: a database or validation error can
        # quote the values it was given (a NIK, a phone number). Type and frames only.
        log.error(
            "unhandled %s on %s %s\n%s",
            type(exc).__name__,
            request.method,
            request.url.path,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        problem = make_problem(
            500, "internal_error", "Kesalahan server", "Terjadi kesalahan di server."
        )
        return problem_response(problem)


def _problem_openapi(app: FastAPI) -> dict[str, Any]:
    """OpenAPI with every error documented as application/problem+json (the Problem schema)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = make_problem(400, "x", "x").model_json_schema()
    problem = {
        "description": "Problem",
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status in list(responses):
                if status.startswith(("4", "5")):
                    responses[status] = problem
            for status in ("400", "401", "404", "422", "426", "429", "503"):
                responses.setdefault(status, problem)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema


class CentralApp(FastAPI):
    """Keeps the server's own `send` in the scope: fault injection closes its connection."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[RAW_SEND_KEY] = send
        await super().__call__(scope, receive, send)


def create_app(settings: ServerSettings) -> FastAPI:
    db = open_database(settings.db_url)
    open_epoch(db)  # a database restored from a backup is noticed by the clients' marks
    faults = Faults(db)
    uploads = UploadStore(db, settings.data_dir, settings.max_upload_bytes)
    app = CentralApp(
        title="Simpul central API",
        version=API_VERSION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.services = Services(settings=settings, db=db, faults=faults, uploads=uploads)
    app.state.housekeeper = api.Housekeeper(settings.housekeeping_interval_seconds)
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(api_files.router, prefix=API_PREFIX)
    app.include_router(api_admin.router, prefix=API_PREFIX)
    install_error_handlers(app)
    app.openapi = lambda: _problem_openapi(app)  # type: ignore[method-assign]
    # Added innermost first: the request id wraps everything, so every answer carries it.
    app.add_middleware(NulGuardMiddleware)
    app.add_middleware(ClientVersionMiddleware, minimum=settings.min_client_version)
    app.add_middleware(GzipRequestMiddleware)
    app.add_middleware(SelectiveGzipMiddleware, minimum_size=settings.gzip_minimum_size)
    app.add_middleware(
        BodyLimitMiddleware, limit=settings.max_body_bytes, chunk_limit=settings.max_chunk_bytes
    )
    if settings.fault_injection:
        app.add_middleware(FaultMiddleware, faults=faults)
    app.add_middleware(RequestIdMiddleware)

    @app.get("/", include_in_schema=False)
    def root() -> JSONResponse:
        return JSONResponse({"service": "simpul-central", "api": f"{API_PREFIX}/openapi.json"})

    return app
