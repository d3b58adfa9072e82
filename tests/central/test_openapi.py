"""Property-based check of the API against its own OpenAPI document (schemathesis).

Bounded: a few examples per operation, with a real token, against the real server. Every answer
must be free of 5xx and match the documented schema (body, content type, headers).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.support.server import Central

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


def _exercise(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_api_matches_its_openapi_document(central: Central) -> None:
    token = str(central.api("supervisor1").http.headers["Authorization"])
    headers = {"Authorization": token, "X-Admin-Token": central.admin_token}
    schema = schemathesis.openapi.from_url(f"{central.base_url}/api/v1/openapi.json")
    # The whole API, the admin API (which plays the world) included.
    operations = [r.ok() for r in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 25
    failures: list[str] = []
    for operation in operations:
        try:
            _exercise(operation, headers)
        except Exception as exc:  # collect every operation's failure, not just the first
            failures.append(f"{operation.label}: {exc}")
    assert failures == [], "\n\n".join(failures)
