"""Errors raised by the domain rules.

Every error carries an Indonesian message meant for the user and, where a caller must react to
the kind of problem (an API answer, a form highlighting a field), a stable machine code.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A value or a step the rules do not allow. `message` is Indonesian, for the user."""

    def __init__(self, message: str, *, code: str = "domain_error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ValidationError(DomainError):
    """One input field is wrong: `field` names it, `code` says how (e.g. "nik_length")."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message, code=code)
        self.field = field

    def __repr__(self) -> str:
        return (
            f"ValidationError(field={self.field!r}, code={self.code!r}, message={self.message!r})"
        )


class TransitionError(DomainError):
    """A status change the life cycle of a report or follow-up does not allow."""
