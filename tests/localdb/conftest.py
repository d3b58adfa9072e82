from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from localdb.profile import Profile
from tests.support.crypt import TEST_KEY


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    opened = Profile.open(tmp_path / "profile", key=TEST_KEY)
    yield opened
    opened.close()
