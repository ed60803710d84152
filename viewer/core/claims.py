"""Names claimed by notes (slugs, link keys), each kept with every path that claims it."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from viewer.core.parser import file_stem
from viewer.core.record import NoteRecord
from viewer.core.slug import link_key, slugify


class Claims:
    """name -> the paths claiming it, sorted, so the winner does not depend on order.

    A name claimed once (nearly all of them) is kept as its path alone, without a list:
    at 50k notes and seven kinds of names that is ~20 MB less.
    """

    def __init__(self) -> None:
        self._one: dict[str, str] = {}
        self._many: dict[str, list[str]] = {}  # names claimed more than once

    @property
    def contested(self) -> Iterable[str]:
        """Names claimed by more than one path."""
        return self._many.keys()

    def add(self, name: str, path: str) -> None:
        if not name:
            return
        many = self._many.get(name)
        if many is not None:
            bisect.insort(many, path)
            return
        one = self._one.get(name)
        if one is None:
            self._one[name] = path
        else:
            del self._one[name]
            self._many[name] = sorted((one, path))

    def remove(self, name: str, path: str) -> None:
        if self._one.get(name) == path:
            del self._one[name]
            return
        many = self._many.get(name)
        if many and path in many:
            many.remove(path)
            if len(many) == 1:
                self._one[name] = many[0]
                del self._many[name]

    def winner(self, name: str) -> str | None:
        one = self._one.get(name)
        if one is not None:
            return one
        many = self._many.get(name)
        return many[0] if many else None

    def paths(self, name: str) -> list[str]:
        """Every path claiming `name`, sorted."""
        one = self._one.get(name)
        return [one] if one is not None else list(self._many.get(name, ()))


def claimed_names(record: NoteRecord) -> tuple[str, ...]:
    """The names a note claims besides its title slug, each computed once: title key,
    file-stem slug, file-stem key, path key ("" when it is the file-stem key), then each
    alias's slug and key (keys: `slug.link_key`)."""
    path = record.path
    stem = file_stem(path)
    stem_slug = slugify(stem)
    # An ASCII stem that is its own slug (lower-case letters, digits, `_`: most file names)
    # is its own link key too (not so beyond ASCII: "ß" casefolds to "ss").
    own_key = stem_slug == stem and stem.isascii()
    names = (_key(record.title), stem_slug, stem if own_key else _key(stem),
             _key(path) if "/" in path or not path.endswith(".md") else "")
    for alias in record.aliases:
        names += (slugify(alias), _key(alias))
    return names


def _key(text: str) -> str:
    """`slug.link_key`, for names that are claimed once each (its cache would only miss);
    its common case, ASCII text with no `/` or `.md` to drop, written out."""
    if text.isascii():
        key = " ".join(text.lower().split())
        if not key.startswith(("/", "./")) and not key.endswith(".md"):
            return key
    return link_key.__wrapped__(text)  # type: ignore[attr-defined, no-any-return]
