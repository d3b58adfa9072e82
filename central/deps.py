"""FastAPI dependencies: the app's services and the authenticated user."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from central.auth import authenticate_token, mark_access_used
from central.db import Database
from central.faults import Faults
from central.models import User
from central.problems import NOT_FOUND, UNAUTHORIZED, ProblemError
from central.settings import ServerSettings
from central.uploads import UploadStore


@dataclass
class Services:
    settings: ServerSettings
    db: Database
    faults: Faults
    uploads: UploadStore


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]
_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")


def current_user(
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ProblemError(
            401,
            "unauthenticated",
            UNAUTHORIZED,
            "Silakan masuk terlebih dahulu.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with svc.db.read() as session:
        user, first_use = authenticate_token(session, credentials.credentials)
    if first_use:
        with svc.db.write() as session, session.begin():
            mark_access_used(session, credentials.credentials)
    return user


UserDep = Annotated[User, Depends(current_user)]


def require_admin(svc: ServicesDep, x_admin_token: Annotated[str | None, Header()] = None) -> None:
    expected = svc.settings.admin_token
    if expected is None:
        raise ProblemError(404, "not_found", NOT_FOUND, "API admin tidak aktif.")
    if x_admin_token is None or not hmac.compare_digest(x_admin_token, expected):
        raise ProblemError(401, "admin_token_invalid", UNAUTHORIZED, "Token admin salah.")
