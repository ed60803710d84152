"""Whether YouTube can be reached: the pane's default `online` check."""

from __future__ import annotations

import logging
from collections.abc import Callable

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

