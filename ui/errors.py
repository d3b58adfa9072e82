"""One place that turns an exception from background work into words for the officer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from domain.errors import DomainError
from localdb.errors import storage_message
from ui.domain_text import domain_text


def user_message(exc: BaseException) -> str:
    """Rule errors say what is wrong; storage errors say what happened and that nothing is lost."""
    if isinstance(exc, DomainError):
        return domain_text(exc)
    storage = storage_message(exc)
    if storage is not None:
        return storage
    return QCoreApplication.translate("Errors", "Terjadi kesalahan: %1").replace(
        "%1", type(exc).__name__
    )
