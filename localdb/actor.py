"""Who is acting: passed to every local command so audit rows and role checks need no globals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: str
    username: str
    roles: frozenset[str]
    agency_id: str
    device_id: str

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_supervisor(self) -> bool:
        return "supervisor" in self.roles
