"""Whether YouTube can be reached: the pane's default `online` check."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger("lectern.video")


def default_online() -> Callable[[], bool]:
    """Reachability from QNetworkInformation if a backend loads, else "always online"."""
    if QNetworkInformation.instance() is None:
        QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability)
    if QNetworkInformation.instance() is None:
        log.info("no network information backend; assuming online")
        return lambda: True
    # "Site" (an intranet, maybe behind a proxy) is given a try: if YouTube turns out to be
    # unreachable the player says so and offers the browser and the local-file route.
    offline = {
        QNetworkInformation.Reachability.Disconnected,
        QNetworkInformation.Reachability.Local,
    }

    def online() -> bool:
        info = QNetworkInformation.instance()
        return info is None or info.reachability() not in offline

    return online


def open_url(url_str: str) -> bool:
    """Open a web page in the user's browser; False if none could be started. Uses
    `viewer.ui.external` (a clean environment for external programs) when present."""
    try:
        from viewer.ui import external  # the packaging helper's launcher (issue 13)

        opener = getattr(external, "open_url", None)
    except ImportError:
        opener = None
    if opener is not None:
        return bool(opener(url_str))
    return QDesktopServices.openUrl(QUrl(url_str))
