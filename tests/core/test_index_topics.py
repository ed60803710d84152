"""Incremental `LinkIndex.topics` equals a from-scratch computation; the ASCII slug path
equals the regular-expression rule."""

from __future__ import annotations

import random
import re
import unicodedata

from viewer.core.index import LinkIndex
from viewer.core.parser import parse_file
from viewer.core.record import NoteRecord
from viewer.core.slug import slugify, topic_slug

NAMES = ["Topic One", "topic_one", "C++", "c", "Beta", "beta-note", "Folder/Beta", "x", "Ünï",
         "unï", "a/b/c", "C#", "Topic  one", "dir/x.md"]
PATHS = ["a.md", "beta.md", "Folder/beta.md", "c.md", "x.txt", "dir/x.md", "topic one.md",
         "sub/C++.md", "unï.md"]


def random_record(rng: random.Random, path: str) -> NoteRecord:
    links = " ".join(f"[[{rng.choice(NAMES)}]]" for _ in range(rng.randint(0, 6)))
    aliases = ", ".join(rng.sample(NAMES, rng.randint(0, 2)))
    text = (f"---\ntitle: {rng.choice(NAMES)}\naliases: [{aliases}]\n---\n"
            f"From: [[{rng.choice(NAMES)}]] <br/>\n{links}\n")
    return NoteRecord.from_note(parse_file(path, text.encode()))


def scratch_topics(index: LinkIndex) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for target in index.targets():
        if index.resolve(target) is None:
            group = topic_slug(target) or target
            counts[group] = counts.get(group, 0) + sum(index.key_mentions(target).values())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def test_incremental_topics_equal_a_from_scratch_computation() -> None:
    for seed in range(60):
        rng = random.Random(seed)
        index = LinkIndex()
        for _ in range(25):
            upserts = [random_record(rng, p) for p in rng.sample(PATHS, rng.randint(0, 3))]
            removals = rng.sample(PATHS, rng.randint(0, 2))
            index.apply(upserts, removals)
            if rng.random() < 0.7:  # sometimes several applies pile up between reads
                assert index.topics() == scratch_topics(index), seed
        assert index.topics() == scratch_topics(index), seed


_DROP = re.compile(r"[^\w\s]")


def regex_slugify(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"\s+", "_", _DROP.sub("", text).strip())
    return re.sub(r"_{2,}", "_", text)


def test_ascii_slug_path_equals_the_regex_rule() -> None:
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(128)] + ["é", "İ", "\u00a0", "ß", "e\u0301"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert slugify(text) == regex_slugify(text), repr(text)
