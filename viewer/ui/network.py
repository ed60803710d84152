"""Whether YouTube is worth trying now: the system's reachability plus what happened.

Offline, a YouTube player that is tried anyway shows a black "loading" page for about 20 s
before it gives up (issue 12, "Offline means instant"). So the network counts as known to
be unreachable when the system says so (QNetworkInformation, where a backend loads: on
Linux glib, NetworkManager or connman; the glib one often says "online" inside containers
and sandboxes) or when a player load failed since the app started and nothing has loaded
since. Then the video pane shows its offline card at once and tries YouTube again only
behind it: when reachability changes, or at most once every `retry_after` seconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("lectern.network")

RETRY_AFTER_S = 60.0  # after a failed load, try YouTube again behind the card at most this often


class NetworkStatus(QObject):
    """The app's view of whether YouTube can be reached.

    Args:
        reachable: The system's answer, "True" when it does not know (the pane's `online`
            callable; by default QNetworkInformation through `default_online`).
        watch_system: Also listen to QNetworkInformation's reachability changes.
        clock: Monotonic seconds (tests pass their own).

    Signals:
        back_online(): the network may be back (the system's reachability changed to
            reachable): whoever shows an offline card should try again now.
    """

    back_online = Signal()

    def __init__(self, reachable: Callable[[], bool], watch_system: bool = False,
                 parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._reachable = reachable
        self._clock = clock
        self._failed_at: float | None = None
        self._last_try: float | None = None
        self.retry_after = RETRY_AFTER_S
        if watch_system:
            from PySide6.QtNetwork import QNetworkInformation

            info = QNetworkInformation.instance()
            if info is not None:  # a bound slot: disconnected when this object goes
                info.reachabilityChanged.connect(self._on_reachability)

    @Slot(object)
    def _on_reachability(self, _reachability: object) -> None:
        self.reachability_changed()

    def reachable(self) -> bool:
        """What the system says (True when it cannot tell)."""
        return bool(self._reachable())

    def known_unreachable(self) -> bool:
        """The system says offline, or a load failed since the start and none worked since."""
        return not self.reachable() or self._failed_at is not None

    def retry_due(self) -> bool:
        """Whether to try YouTube behind the offline card now (then `tried()` is implied):
        the system says reachable and the last try is `retry_after` seconds old."""
        if not self.reachable():
            return False
        now = self._clock()
        last = self._last_try if self._last_try is not None else self._failed_at
        if last is not None and now - last < self.retry_after:
            return False
        self._last_try = now
        return True

    def note_failure(self) -> None:
        """A player load failed for want of the network (not a YouTube error code)."""
        if self._failed_at is None:
            log.info("YouTube unreachable: offline card from now on until a load works")
        self._failed_at = self._clock()
        self._last_try = self._failed_at

    def note_success(self) -> None:
        """A player loaded: the network works."""
        if self._failed_at is not None:
            log.info("YouTube reachable again")
        self._failed_at = None
        self._last_try = None

    def reachability_changed(self) -> None:
        """The system's reachability changed (also called by tests): if it now says
        reachable, forget the failures and emit `back_online`."""
        if self.reachable():
            self._failed_at = None
            self._last_try = None
            self.back_online.emit()
