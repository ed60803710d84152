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
    """A browser-like history: visiting drops the forward entries. Each visit keeps the
    scroll offset it was left at (CSS px; None until known), so that Back and Forward
    reopen a page where the reader was (issue 16)."""

    def __init__(self, limit: int = 500) -> None:
        self._places: list[Place] = []
        self._scrolls: list[int | None] = []
        self._pos = -1
        self._limit = limit

    def visit(self, place: Place) -> None:
        """Record a new place (ignoring a repeat of the current one)."""
        if self.current() == place:
            return
        del self._places[self._pos + 1:]
        del self._scrolls[self._pos + 1:]
        self._places.append(place)
        self._scrolls.append(None)
        if len(self._places) > self._limit:
            del self._places[0]
            del self._scrolls[0]
        self._pos = len(self._places) - 1

    def forget_scroll(self) -> None:
        """The current visit opens at its anchor next time, not where it was left (a link
        naming a heading or block, followed again)."""
        if self._pos >= 0:
            self._scrolls[self._pos] = None

    def position(self) -> int:
        """The index of the current visit (-1: none); stable until a visit is dropped."""
        return self._pos

    def set_scroll(self, position: int, y: int, place: Place | None = None) -> None:
        """Remember that visit `position` (of `place`, if given: checked) was scrolled to `y`."""
        if 0 <= position < len(self._places) and (place is None or self._places[position] == place):
            self._scrolls[position] = y

    def scroll(self) -> int | None:
        """Where the current visit was left (CSS px), None if never shown."""
        return self._scrolls[self._pos] if self._pos >= 0 else None

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
