"""Logins, token rotation and bearer authentication.

Tokens are opaque random strings kept only as their sha256. A login starts a token *family*;
each refresh marks the refresh token used and issues a new pair in the same family. Presenting
a used (or revoked) refresh token again means it was copied: the whole family is revoked, so
both the thief and the user must log in again.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from central.models import Agency, LoginAttempt, Token, User
from central.problems import UNAUTHORIZED, ProblemError
from central.rules import wall_now
from central.security import (
    DUMMY_HASH,
    new_access_token,
    new_token,
    token_hash,
    verify_password,
)
from sync.wire import AgencyRef, LoginRequest, TokenPair, UserInfo

ROLES = ("desk", "officer", "supervisor")


@dataclass(frozen=True)
class AuthPolicy:
    access_ttl_seconds: int = 15 * 60
    refresh_ttl_seconds: int = 30 * 24 * 3600
    # A token family (one login) ends this long after the login, however often it is refreshed.
    session_max_seconds: int = 30 * 24 * 3600
    # Login throttling (state in the database, shared by every worker). Failures are counted
    # over a window; past a free allowance each further attempt must wait twice as long as
    # the one before, up to `max_delay_seconds`: a guesser is slowed to a crawl, a user who
    # mistyped waits seconds, and nobody is locked out.
    failure_window_seconds: int = 15 * 60
    max_failures: int = 5  # free failures per username (from devices it never logged in on)
    device_failures: int = 5  # free failures per username on one of its known devices
    address_failures: int = 100  # free failures per address (an office shares one address)
    spray_usernames: int = 30  # distinct usernames failing from one address: password spraying
    base_delay_seconds: float = 1.0
    max_delay_seconds: int = 300
    # X-Forwarded-For is believed only from these proxy addresses or networks (CIDR).
    trusted_proxies: tuple[str, ...] = ()
    # A refresh answer lost on a weak link makes the client send the same refresh token again.
    # Within this window, once, and while the pair it was rotated into has never been used,
    # that is a retry, not a copied token: the unseen pair is revoked and a new one issued.
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
    session: Session,
    user: User,
    family_id: str,
    device_id: str,
    policy: AuthPolicy,
    family_end: dt.datetime,
) -> TokenPair:
    now = wall_now()
    access, refresh = new_access_token(), new_token()
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
                expires_at=min(now + dt.timedelta(seconds=ttl), family_end),
                family_expires_at=family_end,
            )
        )
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=max(1, min(policy.access_ttl_seconds, int((family_end - now).total_seconds()))),
        user=user_info(session, user),
    )


@dataclass(frozen=True)
class Attempt:
    username: str
    client: str
    device_id: str


def _as_utc(value: object) -> dt.datetime:
    # SQLite returns aggregates as text: read them back as aware datetimes.
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)


def _wait(count: int, free: int, last: object, policy: AuthPolicy) -> float:
    """Seconds still to wait after `count` failures, the last at `last` (0: go ahead)."""
    if count < free or last is None:
        return 0.0
    delay = min(float(policy.max_delay_seconds), policy.base_delay_seconds * 2 ** (count - free))
    return (_as_utc(last) + dt.timedelta(seconds=delay) - wall_now()).total_seconds()


def _failures(session: Session, since: dt.datetime, *where: Any) -> tuple[int, object]:
    count, last = session.execute(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.at)).where(
            LoginAttempt.at > since, *where
        )
    ).one()
    return int(count), last


def _known_device(session: Session, user: User | None, device_id: str) -> bool:
    """Has this user ever logged in on this device? (Its tokens carry the device id.)"""
    if user is None:
        return False
    found = session.scalars(
        select(Token.id).where(Token.user_id == user.id, Token.device_id == device_id).limit(1)
    ).first()
    return found is not None


def _throttle_wait(
    session: Session, attempt: Attempt, known_device: bool, policy: AuthPolicy
) -> float:
    since = wall_now() - dt.timedelta(seconds=policy.failure_window_seconds)
    if known_device:  # the user's own PC: only failures on this very device slow it
        count, last = _failures(
            session,
            since,
            LoginAttempt.username == attempt.username,
            LoginAttempt.device_id == attempt.device_id,
        )
        return _wait(count, policy.device_failures, last, policy)
    count, last = _failures(session, since, LoginAttempt.username == attempt.username)
    waits = [_wait(count, policy.max_failures, last, policy)]
    count, last = _failures(session, since, LoginAttempt.client == attempt.client)
    waits.append(_wait(count, policy.address_failures, last, policy))
    names = session.scalar(
        select(func.count(func.distinct(LoginAttempt.username))).where(
            LoginAttempt.at > since, LoginAttempt.client == attempt.client
        )
    )
    waits.append(_wait(int(names or 0), policy.spray_usernames, last, policy))
    return max(waits)


def _too_many(wait: float) -> ProblemError:
    return ProblemError(
        429,
        "too_many_attempts",
        "Terlalu banyak percobaan",
        "Terlalu banyak percobaan masuk yang gagal. Tunggu sebentar, lalu coba lagi.",
        headers={"Retry-After": str(max(1, math.ceil(wait)))},
    )


def _one_at_a_time(session: Session, username: str) -> None:
    """Serialise logins of one username across every worker until the transaction ends, so
    attempts arriving at once on several workers are counted one after the other (without it
    each would see the same count and all would pass). SQLite's write transactions
    (`BEGIN IMMEDIATE`) are serialised already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 7))"),
            {"key": f"login:{username}"},
        )


def login(
    session: Session, req: LoginRequest, client: str, policy: AuthPolicy
) -> TokenPair | ProblemError:
    """Returns the problem instead of raising it, so the failed attempt is still committed."""
    _one_at_a_time(session, req.username)
    attempt = Attempt(req.username, client[:100], req.device_id)
    user = session.scalars(select(User).where(User.username == req.username)).one_or_none()
    known = _known_device(session, user, req.device_id)
    wait = _throttle_wait(session, attempt, known, policy)
    if wait > 0:
        return _too_many(wait)
    # Hash even for an unknown user: the answer time must not tell which usernames exist.
    ok = verify_password(req.password, user.password_hash if user else DUMMY_HASH)
    now = wall_now()
    if user is None or not ok or not user.active:
        session.add(
            LoginAttempt(
                username=req.username, client=attempt.client, device_id=req.device_id, at=now
            )
        )
        return _invalid("invalid_credentials", "Nama pengguna atau kata sandi salah.")
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.username == req.username, LoginAttempt.device_id == req.device_id
        )
    )
    old = now - dt.timedelta(seconds=max(policy.failure_window_seconds, 3600))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < old))
    session.execute(delete(Token).where(Token.expires_at < now - dt.timedelta(days=1)))
    family_end = now + dt.timedelta(seconds=policy.session_max_seconds)
    return _issue(session, user, uuid.uuid4().hex, req.device_id, policy, family_end)


def _revoke_family(session: Session, family_id: str) -> None:
    session.execute(
        update(Token)
        .where(Token.family_id == family_id, Token.revoked_at.is_(None))
        .values(revoked_at=wall_now())
    )


def refresh(
    session: Session, refresh_token: str, policy: AuthPolicy, device_id: str | None = None
) -> TokenPair | ProblemError:
    """`device_id` is the caller's X-Device-ID: a retry is honoured only from the family's
    own device, so a copied token replayed elsewhere is never mistaken for one."""
    row = session.scalars(
        select(Token).where(Token.token_hash == token_hash(refresh_token), Token.kind == "refresh")
    ).one_or_none()
    if row is None:
        return _invalid("invalid_token", "Sesi tidak dikenal. Silakan masuk kembali.")
    if (
        row.revoked_at is None
        and row.used_at is not None
        and device_id == row.device_id
        and _is_retry(session, row, policy)
    ):
        # A retry after a lost answer, honoured once: the unseen pair dies, a new one is made.
        _revoke_successors(session, row)
        row.retried_at = wall_now()
        row.used_at = None
    if row.used_at is not None or row.revoked_at is not None:
        _revoke_family(session, row.family_id)
        return _invalid(
            "refresh_reused", "Sesi ini sudah dipakai di tempat lain. Silakan masuk kembali."
        )
    family_end = row.family_expires_at or row.expires_at
    if row.expires_at <= wall_now() or family_end <= wall_now():
        return _invalid("token_expired", "Sesi sudah berakhir. Silakan masuk kembali.")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return _invalid("invalid_token", "Akun tidak aktif.")
    row.used_at = wall_now()
    return _issue(session, user, row.family_id, row.device_id, policy, family_end)


def _successors(session: Session, row: Token) -> list[Token]:
    """Every token of the family issued after this one was spent."""
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
    """Is this used refresh token a retry after a lost answer rather than a copy?

    Only once per token (a second "retry" is a copy), only within the grace window, and only
    while nothing issued after it was ever used or revoked: once the new pair has been used,
    its answer was not lost, and the old token coming back can only be a copy.
    """
    assert row.used_at is not None
    if row.retried_at is not None:
        return False
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


def client_address(peer: str | None, forwarded_for: str | None, policy: AuthPolicy) -> str:
    """The address a request came from: the peer, or, when the peer is a trusted proxy, the
    nearest address in X-Forwarded-For that is not one of the trusted proxies."""
    if peer is None:
        return "unknown"
    if not forwarded_for or not _trusted(peer, policy):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, policy):
            return hop[:100]
    return hops[0][:100] if hops else peer


def _trusted(address: str, policy: AuthPolicy) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in policy.trusted_proxies)


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
