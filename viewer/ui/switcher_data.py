"""What the quick switcher (Ctrl+O) matches, and how it ranks (no Qt here).

`Choices` is built once per index generation (on a worker thread, from a snapshot): a row
per note title, alias, topic, channel and video id, and one folded text with a line per row.
`Choices.rank(query)` first finds the rows holding every word of the query (`str.find` over
that text, one hit per row; narrowing searches only the rows the shorter query matched),
keeps at most CANDIDATES of them (a title starting with the query first), and lets
rapidfuzz's WRatio order those; only when fewer than FEW rows hold the words are rows holding
some of them scored, and then the whole list with rapidfuzz's cheap QRatio, to forgive a typo. So a keystroke costs what
matches, within a bound, not a fuzzy score of every row.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from viewer.core.record import NoteRecord
from viewer.ui.tree_filter import fold

CANDIDATES = 500  # rows scored with WRatio per keystroke at most
FEW = 10  # fewer rows than this hold every word: look for a typo
SHORT = 2  # a query this long matches the rows starting with it only
MAX_QUERY = 200  # characters of a query used (a pasted page is no name to go to)
MAX_SCORED = 300  # characters of a row's text that fuzzy scoring reads (titles of 10 KB:
# WRatio of a 10 KB query against 600 of them took 4.3 s; whole texts still filter)
KINDS = ("note", "alias", "channel", "video", "topic")  # also the order of equal scores


@dataclass(frozen=True)
class Choice:
    """One row: `text` shown, `kind` (see KINDS), `key` (note path, slug or video id),
    `detail` (where an alias leads, a video's note, or "")."""

    text: str
    kind: str
    key: str
    detail: str = ""


@dataclass(frozen=True)
class Ranked:
    """The rows for one query, best first. `query` as typed."""

    query: str
    generation: int
    choices: list[Choice]
    rows: tuple[int, ...] = ()  # rows holding every word (to narrow from); () when unknown


class Choices:
    """The switcher's rows at one index generation (read-only once built)."""

    def __init__(self, generation: int, records: Sequence[NoteRecord],
                 channels: Iterable[tuple[str, str]], topics: Iterable[tuple[str, int]]) -> None:
        self.generation = generation
        rows: list[Choice] = []
        videos: dict[str, str] = {}
        for r in records:
            rows.append(Choice(r.title, "note", r.path, r.path))
            rows.extend(Choice(a, "alias", r.path, r.title) for a in r.aliases if a)
            if r.video_id and r.video_id not in videos:
                videos[r.video_id] = r.title
        channel_slugs = set()
        for slug, label in channels:
            channel_slugs.add(slug)
            rows.append(Choice(label, "channel", slug))
        rows.extend(Choice(v, "video", v, title) for v, title in videos.items())
        rows.extend(Choice(slug.replace("_", " "), "topic", slug,
                           f"{count} mention{'' if count == 1 else 's'}")
                    for slug, count in topics if slug not in channel_slugs)
        self.rows = rows
        self.folded = [fold(c.text) for c in rows]
        self.text = "\n".join(self.folded) + "\n"
        starts = [0]
        for line in self.folded:
            starts.append(starts[-1] + len(line) + 1)
        self.starts = starts
        # Rows by folded text, for "starts with the query" with a bisect.
        self.order = sorted(range(len(rows)), key=self.folded.__getitem__)
        self.sorted_text = [self.folded[i] for i in self.order]
        self.by_length = sorted(range(len(rows)), key=lambda i: len(self.folded[i]))

    def _rows_with(self, word: str, within: Iterable[int] | None) -> set[int]:
        if within is not None:
            return {i for i in within if word in self.folded[i]}
        found: set[int] = set()
        starts, find = self.starts, self.text.find
        pos = find(word)
        while pos >= 0:
            row = bisect_right(starts, pos) - 1
            found.add(row)
            pos = find(word, starts[row + 1])
        return found

    def _starting_with(self, query: str, cap: int) -> list[int]:
        low = bisect_left(self.sorted_text, query)
        high = min(len(self.order), low + cap)
        return [self.order[i] for i in range(low, high) if self.sorted_text[i].startswith(query)]

    def _shortest(self, rows: set[int], cap: int) -> list[int]:
        """At most `cap` of `rows`, the shortest texts first (a scan of the rows by length
        that stops once `cap` are found, when there are many)."""
        if len(rows) <= cap:
            return sorted(rows, key=lambda i: len(self.folded[i]))
        found: list[int] = []
        for i in self.by_length:
            if i in rows:
                found.append(i)
                if len(found) >= cap:
                    break
        return found

    def rank(self, query: str, limit: int = 50, previous: Ranked | None = None) -> Ranked:
        """The `limit` best rows for `query` (folded, words in any order); see the module doc.
        `previous`: the result of a query this one extends (typing on), to narrow from."""
        q = " ".join(fold(query[:MAX_QUERY * 2]).split())[:MAX_QUERY].strip()
        if not q:
            return Ranked(query, self.generation, [])
        words = q.split(" ")
        within: Iterable[int] | None = None
        if previous is not None and previous.generation == self.generation and previous.rows:
            before = " ".join(fold(previous.query).split())
            if before and q.startswith(before):
                within = previous.rows
        found: set[int] = set()
        if len(q) <= SHORT:  # one or two letters: the rows starting with them (a bisect)
            picked = self._starting_with(q, CANDIDATES)
        else:
            rows: set[int] | None = None
            for word in sorted(words, key=len, reverse=True):  # the longest (rarest) first
                rows = self._rows_with(word, within if rows is None else rows)
                if not rows:
                    break
            found = rows or set()
            picked = list(found)
            if len(found) > CANDIDATES:  # a title starting with the query, then the shortest
                first = self._starting_with(q, CANDIDATES // 2)
                picked = list(dict.fromkeys([*first, *self._shortest(found, CANDIDATES)]))
                picked = picked[:CANDIDATES]
        scored = process.extract(q, {i: self.folded[i][:MAX_SCORED] for i in picked},
                                 scorer=fuzz.WRatio, processor=None, limit=None) if picked else []
        kind_rank = {k: n for n, k in enumerate(KINDS)}

        def order(item: tuple[str, float, int]) -> tuple[object, ...]:
            text, score, i = item
            return (text != q, not text.startswith(q), -score, kind_rank[self.rows[i].kind],
                    len(text), text)

        best = [i for _t, _s, i in sorted(scored, key=order)[:limit]]
        if len(best) < min(FEW, limit) and len(words) > 1:  # a typo in a word: rows with another
            seen = set(best)
            some: set[int] = set()
            for word in words:
                if len(word) > SHORT:
                    some |= self._rows_with(word, None)
            loose = self._shortest(some - seen, CANDIDATES)
            extra_rows = process.extract(q, {i: self.folded[i][:MAX_SCORED] for i in loose},
                                         scorer=fuzz.WRatio, processor=None,
                                         limit=limit - len(best), score_cutoff=60)
            best += [i for _t, _s, i in extra_rows]
        if len(best) < min(FEW, limit):  # a typo: score every row, cheaply, for what is missing
            seen = set(best)
            extra = process.extract(q, self.folded, scorer=fuzz.QRatio, processor=None,
                                    limit=limit * 2, score_cutoff=60)
            best += [i for _t, _s, i in extra if i not in seen][:limit - len(best)]
        return Ranked(query, self.generation, [self.rows[i] for i in best], tuple(sorted(found)))
