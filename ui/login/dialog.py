"""The login dialog: username, password, the server it talks to, and clear messages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.login.service import LoginFailure, LoginResult, Stage
from ui.tasks import Task, TaskRunner

# (username, password, stage) -> the login's result; `stage` is told what it does meanwhile.
Authenticate = Callable[[str, str, Stage], LoginResult]
# "Pulihkan profil" for a username: rebuilds its profile, returns the report's lines.
Recover = Callable[[str, str], list[str]]  # (username, password) -> report lines


class LoginDialog(QDialog):
    """Accepted once `authenticate` succeeded; `result_value` then holds its LoginResult."""

    settingsRequested = Signal()
    loginFailed = Signal(object)  # the LoginFailure (for tests and logs)
    profileRecovered = Signal(object)  # the report's lines
    # Emitted from the login's thread; queued to the window, which says what is happening.
    stageReached = Signal(str)

    def __init__(
        self,
        authenticate: Authenticate,
        server_url: str,
        *,
        username: str = "",
        recover: Recover | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self._runner = TaskRunner(parent=self)  # network lane: the login's request and scrypt
        self._call: Task[LoginResult] | None = None
        self._recover = recover
        self._recovering: Task[list[str]] | None = None
        self.result_value: LoginResult | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Masuk ke Simpul"))
        self._build(server_url, username)
        self.stageReached.connect(self._show_stage)

    def _build(self, server_url: str, username: str) -> None:
        heading = QLabel(self.tr("Simpul – Layanan Pengaduan SP4N-LAPOR!"))
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.server = QLabel(server_url or self.tr("(belum diatur)"))
        self.server.setTextFormat(Qt.TextFormat.PlainText)
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change = QPushButton(self.tr("Ubah pengaturan…"))
        change.setAutoDefault(False)
        change.clicked.connect(self.settingsRequested)
        form = QFormLayout()
        form.addRow(self.tr("Nama pengguna:"), self.username)
        form.addRow(self.tr("Kata sandi:"), self.password)
        form.addRow(self.tr("Server:"), self.server)
        form.addRow("", change)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # server text may be in it
        self.message.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Masuk"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.recover_button = QPushButton(self.tr("Pulihkan profil"))
        self.recover_button.setObjectName("recoverProfile")
        self.recover_button.setAutoDefault(False)
        self.recover_button.clicked.connect(self.recover_profile)
        self.recover_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.recover_button)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        (self.password if username else self.username).setFocus()

    def set_server(self, server_url: str) -> None:
        self.server.setText(server_url or self.tr("(belum diatur)"))

    @Slot()
    def submit(self) -> None:
        if self._call is not None:
            return  # a login is already on its way
        user, password = self.username.text(), self.password.text()
        self._set_busy(True)
        self._show_stage("opening")
        stage = self.stageReached.emit
        self._call = self._runner.network.submit(
            lambda _cancel: self._authenticate(user, password, stage),
            on_done=self._on_done,
            on_error=self._on_failed,
            owner=self,
        )

    @Slot(str)
    def _show_stage(self, stage: str) -> None:
        if not self._busy:
            return  # the login ended before this word arrived
        words = {
            "opening": self.tr("Membuka data Simpul di komputer ini…"),
            "upgrading": self.tr(
                "Memperbarui data Simpul di komputer ini untuk versi ini. Bisa beberapa menit; "
                "biarkan Simpul tetap terbuka."
            ),
            "server": self.tr("Menghubungi server…"),
            "offline": self.tr("Server tidak terjangkau; memeriksa kata sandi di komputer ini…"),
        }
        self.message.setStyleSheet("color: #424242;")
        self.message.setText(words.get(stage, words["opening"]))

    def _set_busy(self, busy: bool) -> None:
        # A flag, not the call's thread state: the thread may still be winding down after it
        # handed over its result, and the next click must not be swallowed.
        self._busy = busy
        for w in (self.username, self.password, self.buttons):
            w.setEnabled(not busy)

    @Slot(object)
    def _on_done(self, result: LoginResult) -> None:
        self._call = None
        self.result_value = result
        self.password.clear()
        self.accept()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._call = None
        self._set_busy(False)
        failure = (
            error
            if isinstance(error, LoginFailure)
            else LoginFailure("unexpected", self.tr("Gagal masuk karena kesalahan tak terduga."))
        )
        if failure.kind != "profile_damaged":  # "Pulihkan profil" needs it to open the key
            self.password.clear()
        self.password.setFocus()
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(failure.message)
        if failure.kind == "profile_busy":
            QMessageBox.information(self, self.tr("Simpul sudah terbuka"), failure.message)
        self.recover_button.setEnabled(True)
        self.recover_button.setVisible(
            failure.kind in ("profile_damaged", "recover_failed") and self._recover is not None
        )
        self.loginFailed.emit(failure)
        if not isinstance(error, LoginFailure):
            raise error  # the crash handler writes a report

    @Slot()
    def recover_profile(self) -> None:
        """Pulihkan profil, off the UI thread; the report is shown, then the user logs in."""
        if self._recover is None or self._busy:
            return
        recover, user = self._recover, self.username.text().strip()
        password = self.password.text()
        self._set_busy(True)
        self.recover_button.setEnabled(False)
        self.message.setStyleSheet("color: #424242;")
        self.message.setText(self.tr("Memulihkan profil…"))
        failed = self.tr("Profil tidak dapat dipulihkan; berkasnya tidak diubah lebih jauh: ")

        wrong = self.tr(
            "Kata sandi salah; profil tidak diubah. Tulis kata sandi Anda, lalu pulihkan."
        )

        def run(_cancel: object) -> list[str]:
            from localdb.errors import WrongPasswordError  # on the worker: the store is heavy

            try:
                return recover(user, password)
            except WrongPasswordError as exc:
                raise LoginFailure("recover_failed", wrong) from exc
            except Exception as exc:  # told to the user; the files stay for an expert
                raise LoginFailure("recover_failed", failed + type(exc).__name__) from exc

        self._recovering = self._runner.network.submit(
            run, on_done=self._on_recovered, on_error=self._on_failed, owner=self
        )

    @Slot(object)
    def _on_recovered(self, lines: list[str]) -> None:
        self._set_busy(False)
        self.recover_button.setEnabled(True)
        self.recover_button.hide()
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText("\n".join([self.tr("Profil dipulihkan. Silakan masuk lagi."), *lines]))
        self.password.setFocus()
        self.profileRecovered.emit(lines)


def keyring_notice(parent: QWidget | None) -> None:
    """Told once after login when tokens cannot be remembered between runs."""
    QMessageBox.information(
        parent,
        QCoreApplication.translate("LoginDialog", "Penyimpanan kunci tidak tersedia"),
        QCoreApplication.translate(
            "LoginDialog",
            "Penyimpanan kunci sistem (keyring) tidak tersedia di komputer ini, jadi Simpul tidak "
            "dapat mengingat sesi masuk Anda. Anda perlu masuk setiap kali membuka Simpul.",
        ),
    )
