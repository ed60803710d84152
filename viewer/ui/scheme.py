"""The `lectern://` URL scheme: serves `resources/` to our pages (host `app`) and the open
vaults' files that notes embed (host `vault`, `viewer.core.attachments.vault_file`: nothing
outside a vault, symbolic links followed before the check), GET only.

Link kinds (`lectern://open/<slug>`, `lectern://seek/<video>/<s>`) never reach this
handler: the note page intercepts them as navigation requests.
"""

from __future__ import annotations

import logging
import mimetypes
import re

from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from viewer import resources
from viewer.core.attachments import vault_file

log = logging.getLogger("lectern.scheme")
SCHEME = b"lectern"
HOST = "app"
VAULT_HOST = "vault"  # lectern://vault/<vault-relative path>: an embedded image
PAGE_URL = QUrl("lectern://app/page/note.html")
MAX_NAME_CHARS = 200
_NAME_CHARS = re.compile(r"[A-Za-z0-9._/-]+")


def register_scheme() -> None:
    """Declare the scheme; must run before the QApplication exists (idempotent)."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme)
    QWebEngineUrlScheme.registerScheme(scheme)


def resource_name(url: QUrl) -> str | None:
    """The resource path a `lectern://app/...` URL names, or None if it names none.

    A name is at most MAX_NAME_CHARS of ASCII letters, digits, `.`, `_`, `-` and `/`,
    with no empty, `.` or `..` segment (checked after percent-decoding, so `%2e%2e` and
    `%00` are refused too). Query and fragment are ignored.
    """
    if not url.isValid():
        return None
    name = url.path().lstrip("/")
    if not name or len(name) > MAX_NAME_CHARS or not _NAME_CHARS.fullmatch(name):
        return None
    if any(part in ("", ".", "..") for part in name.split("/")):
        return None
    return name


class SchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers `lectern://app/<resource path>` from the resources folder, and
    `lectern://vault/<path>` from the vaults the windows opened (`allow_vault`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault_roots: list[str] = []  # newest first

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        # Every request is answered, whatever it holds: an exception escaping here would
        # leave the page waiting forever (and reach the crash dialog).
        try:
            self._answer(job)
        except Exception:
            log.exception("resource request failed")
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)

    def _answer(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        if job.requestMethod() == b"GET" and url.host() == VAULT_HOST:
            self._answer_vault(job, url)
            return
        if job.requestMethod() != b"GET" or url.host() != HOST:
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        name = resource_name(url)
        if name is None:
            log.warning("refused resource URL %s", url.toString()[:200])
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        try:
            data = resources.read_bytes(name)
        except OSError:  # missing, a folder, unreadable
            log.warning("no resource %r", name)
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if mime.startswith("text/") or mime in ("application/javascript", "image/svg+xml"):
            mime += ";charset=utf-8"
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buffer)

    def _answer_vault(self, job: QWebEngineUrlRequestJob, url: QUrl) -> None:
        path = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
        full = next((f for root in self.vault_roots if (f := vault_file(root, path))), None)
        if full is None:
            log.warning("refused vault URL %s", url.toString()[:200])
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        file = QFile(full, job)  # read as the page asks for it, not all at once here
        if not file.open(QIODevice.OpenModeFlag.ReadOnly):
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = mimetypes.guess_type(full)[0] or "application/octet-stream"
        job.reply(mime.encode(), file)


def allow_vault(profile: QWebEngineProfile, root: str) -> None:
    """Let the pages of `profile` show embedded files of the vault at `root`."""
    handler = profile.urlSchemeHandler(SCHEME)
    if isinstance(handler, SchemeHandler):
        if root in handler.vault_roots:
            handler.vault_roots.remove(root)
        handler.vault_roots.insert(0, root)


def install_handler(profile: QWebEngineProfile, parent: QObject) -> SchemeHandler:
    """Install the handler on `profile` (once per profile)."""
    existing = profile.urlSchemeHandler(SCHEME)
    if isinstance(existing, SchemeHandler):
        return existing
    handler = SchemeHandler(parent)
    profile.installUrlSchemeHandler(SCHEME, handler)
    return handler
