"""Names claimed by notes (slugs, link keys), each kept with every path that claims it."""

from __future__ import annotations

import bisect


class Claims:
    """slug -> the paths claiming it, sorted, so the winner does not depend on order."""

    def __init__(self) -> None:
        self.by_slug: dict[str, list[str]] = {}
        self.contested: set[str] = set()  # slugs claimed by more than one path

    def add(self, slug: str, path: str) -> None:
        if slug:
            paths = self.by_slug.get(slug)
            if paths is None:  # the common case: one claim, no list to sort into
                self.by_slug[slug] = [path]
            else:
                bisect.insort(paths, path)
                self.contested.add(slug)

    def remove(self, slug: str, path: str) -> None:
        paths = self.by_slug.get(slug)
        if paths and path in paths:
            paths.remove(path)
            if len(paths) < 2:
                self.contested.discard(slug)
            if not paths:
                del self.by_slug[slug]

    def winner(self, slug: str) -> str | None:
        paths = self.by_slug.get(slug)
        return paths[0] if paths else None
