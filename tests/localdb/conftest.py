from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from localdb.profile import Profile


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    opened = Profile.open(tmp_path / "profile")
    yield opened
    opened.close()
