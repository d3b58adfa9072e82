"""Errors raised by the domain rules.

Every error carries an Indonesian message meant for the user and, where a caller must react to
the kind of problem (an API answer, a form highlighting a field), a stable machine code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


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


class ValidationErrors(ValidationError):
    """Several fields are wrong at once (a form shows each beside its field); reads as the
    first one where a single error is expected."""

    def __init__(self, problems: list[ValidationError]) -> None:
        first = problems[0]
        super().__init__(first.field, first.code, first.message)
        self.problems = tuple(problems)


class Checks:
    """Runs field checks one after another and keeps every failure, not only the first."""

    def __init__(self) -> None:
        self.problems: list[ValidationError] = []

    def run(self, check: Callable[[], T], default: T) -> T:
        try:
            return check()
        except ValidationErrors as many:
            self.problems.extend(many.problems)
        except ValidationError as one:
            self.problems.append(one)
        return default

    def raise_any(self) -> None:
        if self.problems:
            raise ValidationErrors(self.problems)


class TransitionError(DomainError):
    """A status change the life cycle of a report or follow-up does not allow."""
