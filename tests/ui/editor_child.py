"""Child process of the SIGKILL test: type into the editor, wait for "saved", then hang.

Run as `python -m tests.ui.editor_child PROFILE_FOLDER REPORT_ID TEXT`; prints SAVED once the
autosave has committed, and then waits to be killed.
"""

from __future__ import annotations

import os
import sys

from tests.support.crypt import TEST_KEY

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from localdb.profile import Profile
from tests.ui.feature_fixtures import make_actor, make_ctx
from ui.followup.editor import FollowupEditor

MARKER = "SAVED"


def main(folder: str, report_id: str, text: str) -> int:
    app = QApplication([])
    ctx = make_ctx(Profile.open(Path(folder), key=TEST_KEY), make_actor("officer"))
    editor = FollowupEditor(ctx)
    editor.show()
    editor.open_draft(report_id)
    editor.saved.connect(lambda _draft_id: print(MARKER, flush=True))
    QTest.keyClicks(editor.text, text)  # the 2 s autosave timer then fires by itself
    return app.exec()  # runs until the parent kills the process


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
