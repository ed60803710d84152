"""The search box's query language, compiled to a safe SQLite FTS5 MATCH expression.

Language (issue 14; Obsidian's and Google's habits):

- `word word`: every word must match (AND); `AND` between words is allowed and changes nothing.
- `"a phrase"`: the words in this order; an unclosed quote runs to the end of the query.
- `prefix*`: words starting with `prefix` (at least two letters, one in a filter; `a*`
  alone searches for `a`: a one-letter prefix of the whole text is slow and finds all).
- `-word`, `-"phrase"`, `-tag:x`, `NOT word`: notes without it.
- `a OR b` (also `a | b`): either; OR binds tighter than the implicit AND, so
  `war OR conflict armenia` means `(war OR conflict) AND armenia`.
- `( ... )`: grouping; an unclosed `(` closes at the end, a stray `)` is ignored.
- Filters `title:`, `channel:`, `video:`, `tag:`, `topic:` (notes that link a target),
  `path:`, each with a word, a prefix or a "phrase": `topic:"border dispute"`. `channel:` and
  `topic:` also match the slug form of what is typed (`topic:Nagorno-Karabakh` finds links to
  `nagornokarabakh`). Any other `name:value` is searched as words.

Nothing the user types reaches FTS5 as syntax: every term becomes a double-quoted FTS5 string
(a `"` inside it doubled), so NEAR, column names, `^`, `*` or `:` in the text are words or
separators, never operators. Control characters are separators. A query is cut to
MAX_QUERY_CHARS characters and MAX_TERMS terms (the work FTS5 does grows with both).
Parsing is one left-to-right pass: linear in the query's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.core.slug import slugify

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_DEPTH = 8  # nested parentheses; deeper ones are read as spaces
# Filter name -> the FTS5 columns it searches (see search.COLUMNS).
FILTERS = {
    "title": ("title", "aliases"),
    "channel": ("channel",),
    "video": ("videos",),
    "tag": ("tags",),
    "topic": ("links",),
    "path": ("path",),
}
_SLUG_FILTERS = frozenset({"channel", "topic"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOKEN = re.compile(r"[^\W_]")  # a letter or digit: FTS5's unicode61 makes a token of it
_WORDS = re.compile(r"[^\W_]+")
# Scripts written without spaces between words: each character is a token of its own (the
# index splits them the same way, see search_text.split_cjk), so a run of them is a phrase
# and any substring of a text is found.
CJK = re.compile("[\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
                 "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]")
_STOP = frozenset(' \t\n()"')


@dataclass(frozen=True)
class Term:
    """One searchable unit: words (a phrase if several), maybe a prefix, maybe a filter."""

    text: str
    prefix: bool = False
    field: str | None = None

    def fts(self, plain: bool = False) -> str:
        """This term as FTS5 syntax: a quoted string, a prefix star, a column filter (none
        with `plain`)."""
        if self.field in _SLUG_FILTERS:
            forms = [_quoted(self.text)]
            slug = slugify(split_cjk(self.text, " ")).replace("_", " ")
            if slug and _quoted(slug) != forms[0] and _TOKEN.search(slug):
                forms.append(_quoted(slug))
            star = " *" if self.prefix else ""
            inner = " OR ".join(f"{form}{star}" for form in forms)
            expr = f"({inner})" if len(forms) > 1 else inner
        else:
            expr = _quoted(self.text) + (" *" if self.prefix else "")
        if self.field is None or plain:
            return expr
        return "{" + " ".join(FILTERS[self.field]) + "} : " + expr


@dataclass
class _Group:
    """Terms and groups that must all match (`items`) and those that must not (`negated`)."""

    items: list[_Group | _Either | Term] = field(default_factory=list)
    negated: list[_Group | _Either | Term] = field(default_factory=list)


@dataclass
class _Either:
    """Alternatives joined by OR."""

    options: list[_Group | Term] = field(default_factory=list)


@dataclass(frozen=True)
class CompiledQuery:
    """A query ready for FTS5: `match` is None when nothing is left to search for, and
    `notes` says in plain words what was ignored (empty when nothing was)."""

    match: str | None
    notes: tuple[str, ...] = ()
    titles: str | None = None  # the query over titles and aliases alone, when every note
    # matching it there matches `match` too (positive words, no filter but title:), else None
    prefix: bool = False  # some term is a prefix
    single_words: bool = False  # every term is one word, no prefix (bm25 is cheap for them)


def split_cjk(text: str, separator: str) -> str:
    """`text` with `separator` around each character of a script written without spaces."""
    if text.isascii() or CJK.search(text) is None:
        return text
    return CJK.sub(lambda m: separator + m.group() + separator, text)


def _quoted(text: str) -> str:
    return '"' + split_cjk(text, " ").strip().replace('"', '""') + '"'


def compile_query(query: str) -> CompiledQuery:
    """Compile what the user typed; never raises (for any str)."""
    return _Parser(query).compile()


class _Parser:
    def __init__(self, query: str) -> None:
        self.notes: list[str] = []
        if len(query) > MAX_QUERY_CHARS:
            query = query[:MAX_QUERY_CHARS]
            self.notes.append(f"only the first {MAX_QUERY_CHARS} characters were searched")
        if not query.isascii():  # lone surrogates cannot reach SQLite
            query = query.encode("utf-8", "replace").decode("utf-8")
        self.text = _CONTROL.sub(" ", query)
        self.pos = 0
        self.terms = 0
        self.depth = 0
        self.prefix = False
        self.single = True

    def compile(self) -> CompiledQuery:
        group = self._group(top=True)
        if not group.items and group.negated:
            self.notes.append("a search of only exclusions (-word) needs a word to look for")
            return CompiledQuery(None, tuple(self.notes))
        match = _group_fts(group) if group.items else None
        titles = _group_fts(group, plain=True) if match and _plain(group) else None
        return CompiledQuery(match, tuple(dict.fromkeys(self.notes)), titles, self.prefix,
                             self.single)

    # -- lexing ----------------------------------------------------------------------
    def _skip_space(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        self.pos = pos

    def _peek_word(self) -> str:
        """The bare word at the cursor (up to a space, a parenthesis or a quote)."""
        text, end = self.text, self.pos
        while end < len(text) and text[end] not in _STOP:
            end += 1
        return text[self.pos:end]

    def _phrase(self) -> str:
        """The text of a quoted phrase at the cursor (which is on the opening quote)."""
        close = self.text.find('"', self.pos + 1)
        end = len(self.text) if close < 0 else close
        phrase = self.text[self.pos + 1:end]
        self.pos = end + 1
        return phrase

    # -- parsing ---------------------------------------------------------------------
    def _group(self, top: bool) -> _Group:
        group = _Group()
        while True:
            self._skip_space()
            if self.pos >= len(self.text):
                return group
            char = self.text[self.pos]
            if char == ")":
                self.pos += 1
                if top:
                    continue  # a stray ")" is ignored
                return group
            negate = False
            word = self._peek_word()
            if word == "AND":
                self.pos += 3
                continue
            if word in ("OR", "|"):  # OR with nothing before it
                self.pos += len(word)
                continue
            if word == "NOT":
                self.pos += 3
                negate = True
            elif char == "-" and self.pos + 1 < len(self.text) and self.text[self.pos + 1] not in " \t\n":
                self.pos += 1
                negate = True
            either = self._either()
            if either is None:
                continue
            if negate:
                group.negated.append(either)
            elif isinstance(either, _Group) and not either.items:
                group.negated.extend(either.negated)  # "a (-b)" is "a -b"
            else:
                group.items.append(either)

    def _either(self) -> _Group | _Either | Term | None:
        """One atom, or several joined by OR."""
        options: list[_Group | Term] = []
        while True:
            atom = self._atom()
            if isinstance(atom, _Group) and not atom.items:
                if atom.negated:
                    self.notes.append("an exclusion inside OR was ignored")
            elif atom is not None:
                options.append(atom)
            self._skip_space()
            word = self._peek_word()
            if word not in ("OR", "|"):
                break
            self.pos += len(word)
            self._skip_space()
            if self.pos < len(self.text) and self.text[self.pos] == "-":
                self.notes.append("an exclusion inside OR was ignored")
                self.pos += 1
        if not options:
            return None
        return options[0] if len(options) == 1 else _Either(options)

    def _atom(self) -> _Group | Term | None:
        self._skip_space()
        if self.pos >= len(self.text):
            return None
        char = self.text[self.pos]
        if char == "(":
            self.pos += 1
            if self.depth >= MAX_DEPTH:
                self.notes.append(f"parentheses nested over {MAX_DEPTH} deep were ignored")
                return None
            self.depth += 1
            try:
                return self._group(top=False)
            finally:
                self.depth -= 1
        if char == ")":
            return None
        if char == '"':
            return self._term(self._phrase(), False, None)
        word = self._peek_word()
        self.pos += len(word)
        name, colon, value = word.partition(":")
        if colon and name.lower() in FILTERS:
            name = name.lower()
            if not value and self.pos < len(self.text) and self.text[self.pos] == '"':
                return self._term(self._phrase(), False, name)
            if not value:
                self.notes.append(f"“{name}:” needs a value, e.g. {name}:word")
                return None
            word = value
        else:
            name = ""
        prefix = word.endswith("*")
        if prefix:
            word = word.rstrip("*")
            if len(_TOKEN.findall(word)) < (1 if name else 2):
                if word:
                    self.notes.append(f"“{word}*” needs two letters before the *: searched {word}")
                prefix = False
        return self._term(word, prefix, name or None)

    def _term(self, text: str, prefix: bool, name: str | None) -> Term | None:
        if _TOKEN.search(text) is None:
            return None  # no letter or digit: nothing FTS5 could match
        self.terms += 1
        if self.terms > MAX_TERMS:
            self.notes.append(f"only the first {MAX_TERMS} terms were searched")
            return None
        self.prefix = self.prefix or prefix
        self.single = self.single and not prefix and len(_WORDS.findall(split_cjk(text, " "))) == 1
        return Term(text, prefix, name)


def _fts(node: _Group | _Either | Term, plain: bool = False) -> str:
    if isinstance(node, Term):
        return node.fts(plain)
    if isinstance(node, _Either):
        return "(" + " OR ".join(_fts(option, plain) for option in node.options) + ")"
    return "(" + _group_fts(node, plain) + ")"


def _group_fts(group: _Group, plain: bool = False) -> str:
    """`(a AND b) NOT c NOT d`; a group must have items (FTS5 has no unary NOT)."""
    text = " AND ".join(_fts(item, plain) for item in group.items)
    for negated in group.negated:
        text = f"({text}) NOT {_fts(negated, plain)}"
    return text


def _plain(node: _Group | _Either | Term) -> bool:
    """Whether `node` has no exclusion and no filter but title: (see CompiledQuery.titles)."""
    if isinstance(node, Term):
        return node.field in (None, "title")
    if isinstance(node, _Either):
        return all(map(_plain, node.options))
    return not node.negated and all(map(_plain, node.items))
