"""The one slug rule for titles and link targets."""

from __future__ import annotations

import functools
import re
import unicodedata

_DROP = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_UNDERSCORES = re.compile(r"_{2,}")
_ALREADY = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")  # most link targets are written as slugs


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Return the slug of a title or link target.

    Lower case, drop every character that is not a letter, digit, space or underscore,
    spaces to underscores, repeats collapsed: "Nagorno-Karabakh war of 2020" ->
    "nagornokarabakh_war_of_2020".
    """
    if _ALREADY.fullmatch(text):
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.lower()
    text = _DROP.sub("", text).strip()
    text = _SPACES.sub("_", text)
    return _UNDERSCORES.sub("_", text)
