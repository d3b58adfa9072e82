"""Logins, token rotation and bearer authentication.

Tokens are opaque random strings kept only as their sha256. A login starts a token *family*;
each refresh marks the refresh token used and issues a new pair in the same family. Presenting
a used (or revoked) refresh token again means it was copied: the whole family is revoked, so
both the thief and the user must log in again.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from central.models import Agency, LoginAttempt, Token, User
from central.problems import UNAUTHORIZED, ProblemError
from central.rules import wall_now
from central.security import DUMMY_HASH, new_token, token_hash, verify_password
from sync.wire import AgencyRef, LoginRequest, TokenPair, UserInfo

ROLES = ("desk", "officer", "supervisor")


@dataclass(frozen=True)
class AuthPolicy:
    access_ttl_seconds: int = 15 * 60
    refresh_ttl_seconds: int = 30 * 24 * 3600
    max_failures: int = 5
    failure_window_seconds: int = 5 * 60
    # A refresh answer lost on a weak link makes the client send the same refresh token again.
    # Within this window, and while the pair it was rotated into has never been used, that is a
    # retry, not a copied token: the unseen pair is revoked and a new one issued.
    refresh_grace_seconds: int = 120


def _invalid(code: str, detail: str) -> ProblemError:
    return ProblemError(401, code, UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def user_info(session: Session, user: User) -> UserInfo:
    agency = session.get(Agency, user.agency_id)
    assert agency is not None  # a foreign key
    return UserInfo(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=[r for r in ROLES if r in user.role_set],  # type: ignore[misc]
        agency=AgencyRef(id=agency.id, code=agency.code, name=agency.name),
    )


def _issue(
    session: Session, user: User, family_id: str, device_id: str, policy: AuthPolicy
) -> TokenPair:
    now = wall_now()
    access, refresh = new_token(), new_token()
    for token, kind, ttl in (
        (access, "access", policy.access_ttl_seconds),
        (refresh, "refresh", policy.refresh_ttl_seconds),
    ):
        session.add(
            Token(
                token_hash=token_hash(token),
                kind=kind,
                user_id=user.id,
                family_id=family_id,
                device_id=device_id,
                created_at=now,
                expires_at=now + dt.timedelta(seconds=ttl),
            )
        )
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=policy.access_ttl_seconds,
        user=user_info(session, user),
    )


def _throttle(session: Session, username: str, client: str, policy: AuthPolicy) -> None:
    now = wall_now()
    since = now - dt.timedelta(seconds=policy.failure_window_seconds)
    count, oldest = session.execute(
        select(func.count(LoginAttempt.id), func.min(LoginAttempt.at)).where(
            LoginAttempt.username == username,
            LoginAttempt.client == client,
            LoginAttempt.at > since,
        )
    ).one()
    if count >= policy.max_failures:
        # SQLite returns aggregates as text: read the oldest failure back through the model type.
        if not isinstance(oldest, dt.datetime):
            oldest = dt.datetime.fromisoformat(str(oldest)).replace(tzinfo=dt.UTC)
        wait = (oldest - since).total_seconds()
        raise ProblemError(
            429,
            "too_many_attempts",
            "Terlalu banyak percobaan",
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi beberapa menit lagi.",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


def login(
    session: Session, req: LoginRequest, client: str, policy: AuthPolicy
) -> TokenPair | ProblemError:
    """Returns the problem instead of raising it, so the failed attempt is still committed."""
    try:
        _throttle(session, req.username, client, policy)
    except ProblemError as problem:
        return problem
    user = session.scalars(select(User).where(User.username == req.username)).one_or_none()
    # Hash even for an unknown user: the answer time must not tell which usernames exist.
    ok = verify_password(req.password, user.password_hash if user else DUMMY_HASH)
    if user is None or not ok or not user.active:
        session.add(LoginAttempt(username=req.username, client=client, at=wall_now()))
        return _invalid("invalid_credentials", "Nama pengguna atau kata sandi salah.")
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.username == req.username, LoginAttempt.client == client
        )
    )
    session.execute(delete(Token).where(Token.expires_at < wall_now() - dt.timedelta(days=1)))
    return _issue(session, user, uuid.uuid4().hex, req.device_id, policy)


def _revoke_family(session: Session, family_id: str) -> None:
    session.execute(
        update(Token)
        .where(Token.family_id == family_id, Token.revoked_at.is_(None))
        .values(revoked_at=wall_now())
    )


def refresh(session: Session, refresh_token: str, policy: AuthPolicy) -> TokenPair | ProblemError:
    row = session.scalars(
        select(Token).where(Token.token_hash == token_hash(refresh_token), Token.kind == "refresh")
    ).one_or_none()
    if row is None:
        return _invalid("invalid_token", "Sesi tidak dikenal. Silakan masuk kembali.")
    if row.revoked_at is None and row.used_at is not None and _is_retry(session, row, policy):
        _revoke_successors(session, row)
        row.used_at = None
    if row.used_at is not None or row.revoked_at is not None:
        _revoke_family(session, row.family_id)
        return _invalid(
            "refresh_reused", "Sesi ini sudah dipakai di tempat lain. Silakan masuk kembali."
        )
    if row.expires_at <= wall_now():
        return _invalid("token_expired", "Sesi sudah berakhir. Silakan masuk kembali.")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return _invalid("invalid_token", "Akun tidak aktif.")
    row.used_at = wall_now()
    return _issue(session, user, row.family_id, row.device_id, policy)


def _successors(session: Session, row: Token) -> list[Token]:
    assert row.used_at is not None
    return list(
        session.scalars(
            select(Token).where(
                Token.family_id == row.family_id,
                Token.created_at >= row.used_at,
                Token.id > row.id,
            )
        )
    )


def _is_retry(session: Session, row: Token, policy: AuthPolicy) -> bool:
    """Is this used refresh token a retry after a lost answer rather than a copy?"""
    assert row.used_at is not None
    if (wall_now() - row.used_at).total_seconds() > policy.refresh_grace_seconds:
        return False
    later = _successors(session, row)
    return bool(later) and all(t.used_at is None and t.revoked_at is None for t in later)


def _revoke_successors(session: Session, row: Token) -> None:
    now = wall_now()
    for token in _successors(session, row):
        token.revoked_at = now


def mark_access_used(session: Session, access_token: str) -> None:
    """Record an access token's first use: its pair has now surely reached the client."""
    session.execute(
        update(Token)
        .where(Token.token_hash == token_hash(access_token), Token.used_at.is_(None))
        .values(used_at=wall_now())
    )


def logout(session: Session, refresh_token: str) -> None:
    row = session.scalars(
        select(Token).where(Token.token_hash == token_hash(refresh_token))
    ).one_or_none()
    if row is not None:
        _revoke_family(session, row.family_id)


def authenticate(session: Session, access_token: str) -> User:
    return authenticate_token(session, access_token)[0]


def authenticate_token(session: Session, access_token: str) -> tuple[User, bool]:
    """The user behind a bearer token, and whether this is the token's first use."""
    row = session.scalars(
        select(Token).where(Token.token_hash == token_hash(access_token), Token.kind == "access")
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        raise _invalid("invalid_token", "Sesi tidak dikenal. Silakan masuk kembali.")
    if row.expires_at <= wall_now():
        raise _invalid("token_expired", "Sesi sudah berakhir.")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise _invalid("invalid_token", "Akun tidak aktif.")
    return user, row.used_at is None
