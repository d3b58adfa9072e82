"""PySide6's import hook, told not to read the source of every module the app imports.

Once `shiboken6` is loaded, every later import passes through its `feature_imported`, which
reads the new module's whole source (`inspect.getsource`) to see whether it mentions PySide6,
and so whether `from __feature__ import ...` (snake_case, true_property) may apply to it. Simpul
never selects a feature, and the built bundle carries no sources, where that check always
answers "no". Answering "no" here too makes a run from source behave as the bundle does and
spares it the reading: about 30 ms of the login window's start-up (`bench/ui.py`).
"""

from __future__ import annotations

import sys
from types import ModuleType

import shiboken6  # noqa: F401  (loads the hook this module adjusts)


def _no_feature(_module: ModuleType) -> bool:
    return False


def skip_feature_scan() -> bool:
    """Answer the hook's "does this module use PySide6 features?" without reading the source.
    False when this PySide6 has no such check (then nothing is changed)."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _no_feature  # type: ignore[attr-defined]
    return True
