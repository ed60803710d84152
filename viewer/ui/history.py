"""Back/forward history of places (notes and topics)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where the note pane is: a note (by path) or a topic (by slug)."""

    kind: str  # "note" | "topic"
    key: str
    anchor: str = ""


class History:
    """A browser-like history: visiting drops the forward entries."""

    def __init__(self, limit: int = 500) -> None:
        self._places: list[Place] = []
        self._pos = -1
        self._limit = limit

    def visit(self, place: Place) -> None:
        """Record a new place (ignoring a repeat of the current one)."""
        if self.current() == place:
            return
        del self._places[self._pos + 1:]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._pos = len(self._places) - 1

    def current(self) -> Place | None:
        """The current place."""
        return self._places[self._pos] if self._pos >= 0 else None

    def can_back(self) -> bool:
        """Whether there is somewhere to go back to."""
        return self._pos > 0

    def can_forward(self) -> bool:
        """Whether there is somewhere to go forward to."""
        return self._pos < len(self._places) - 1

    def back(self) -> Place | None:
        """Step back; the new current place."""
        if self.can_back():
            self._pos -= 1
        return self.current()

    def forward(self) -> Place | None:
        """Step forward; the new current place."""
        if self.can_forward():
            self._pos += 1
        return self.current()
