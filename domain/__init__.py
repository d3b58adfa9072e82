"""Pure domain rules shared by the office client and the central server.

No database, no Qt, no I/O. Submodules are imported by name (`domain.calendar`,
`domain.deadlines`, ...) so that importing this package stays cheap.
"""

from domain.errors import DomainError, TransitionError, ValidationError

__all__ = ["DomainError", "TransitionError", "ValidationError"]
