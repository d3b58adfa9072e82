"""Errors as RFC 9457 problem documents (`application/problem+json`) with a stable `code`."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

from sync.wire import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemError(Exception):
    """Raised anywhere in a request; the app turns it into a problem response."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str | None = None,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {detail or title}")
        self.problem = Problem(title=title, status=status, detail=detail, code=code, field=field)
        self.headers = dict(headers or {})


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(mode="json", exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def make_problem(
    status: int, code: str, title: str, detail: str | None = None, field: str | None = None
) -> Problem:
    return Problem(title=title, status=status, detail=detail, code=code, field=field)


# Titles shared by several places, Indonesian first (the client shows `detail` to the user).
UNAUTHORIZED = "Tidak terautentikasi"
FORBIDDEN = "Tidak diizinkan"
NOT_FOUND = "Tidak ditemukan"
INVALID = "Data tidak valid"
