"""Realistic synthetic Lectern vaults for benchmarks and tests.

`generate_vault(root, n, seed)` writes n notes shaped like real ones (front matter with title and
videoId, a `From: [[channel]]` line, headings, paragraphs and bullet lists full of wiki links and
yt-timestamp anchors), deterministically for (n, seed). Links go ~60% to other notes, ~40% to
Zipf-distributed topics that have no note; rare variants and ~0.2% broken notes are mixed in.
`cached_vault(n, seed)` keeps one copy per (n, seed) under /tmp/lectern-bench-vaults (or
$LECTERN_BENCH_DIR). CLI: `python -m bench.vaultgen OUT_DIR N [--seed S]`.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import random
import re
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from viewer.core.slug import slugify

VERSION = "vaultgen-2"  # bump when the output changes, so cached vaults are regenerated
T = TypeVar("T")
_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_PER_FOLDER = 250
_GLUE = re.compile(r"\b(?:the history of|a visual explanation|got wrong about|approach to|matters "
                   r"for|role of|(?:part|take) \d+|changed|using|about|what|how|why|vs\.|and|in|of|"
                   r"the|\d+)\b|^(?:Tracking|Understanding|Visualizing|Explaining|Building|"
                   r"Debugging|Comparing)\b|[:,?()]|'s\b", re.IGNORECASE)
# Vocabulary, kept as "a|b|c" strings to stay compact.  # ruff: noqa: SIM905
# domain: "entities / concepts"
_DOMAINS = {
    "history": ("Russia|Turkey|Armenia|Azerbaijan|the United States|France|the Ottoman Empire|"
                "the Soviet Union|Nagorno-Karabakh|Cyprus|Kosovo|the European Union|Côte d'Ivoire"
                " / peace agreement|ceasefire line|border dispute|de facto state|referendum|"
                "secession|peacekeeping mission|regional hegemony|sanctions regime|frozen "
                "conflict|war of 2020|refugee crisis|self-determination|defense treaty"),
    "math": ("Euler|Gauss|Riemann|Fourier|Leibniz|Newton|Cauchy|Hilbert|Noether|Lagrange|Laplace|"
             "Bayes|Markov|Poincaré|Grant Sanderson / "
             "vector fields|curl|divergence|gradient descent|linear transformations|eigenvalues|"
             "determinants|the dot product|complex numbers|the chain rule|Taylor series|Fourier "
             "series|differential equations|group theory|prime numbers|change of basis|integrals"),
    "science": ("Einstein|Feynman|Maxwell|Bohr|Marie Curie|Darwin|Mendel|CERN|NASA|Schrödinger|"
                "Heisenberg|Faraday|Kepler|Galileo|the James Webb telescope / "
                "quantum entanglement|special relativity|black holes|dark matter|the standard "
                "model|electromagnetic waves|entropy|natural selection|gene expression|the double "
                "slit experiment|wave-particle duality|nuclear fusion|plate tectonics"),
    "productivity": ("Notion|Obsidian|Roam Research|Todoist|Google Calendar|Evernote|Trello|Anki|"
                     "Zotero|Logseq|Excel|Readwise|David Allen|Tiago Forte|Cal Newport / "
                     "relationships|habit tracking|spaced repetition|the second brain|deep work|"
                     "time blocking|project dashboards|weekly reviews|note templates|linked "
                     "databases|the Zettelkasten method|active recall|the PARA method"),
    "programming": ("Python|Rust|JavaScript|TypeScript|Git|Docker|Kubernetes|PostgreSQL|React|"
                    "Linux|SQLite|Go|C++|Haskell|WebAssembly / "
                    "memory management|garbage collection|async/await|type inference|unit testing|"
                    "hash maps|binary search|recursion|closures|the borrow checker|race conditions|"
                    "database indexes|REST APIs|continuous integration|event loops|big-O notation"),
}
_TITLES = ("{C} in {d}|Role of {E} in the {c}|{E}: {c} of {y}|{G} {c} using {E}|How {E} changed "
           "{c}|Why {c} matters for {d}?|{C} vs. {d}|{E}'s approach to {c} (part {k})|The history "
           "of {c}|{C}, {d} and {E}|What {E} got wrong about {c}|{C}: a visual explanation"
           ).split("|")
_GERUNDS = "Tracking|Understanding|Visualizing|Explaining|Building|Debugging|Comparing".split("|")
_HEADINGS = ("Historical Background|Key Concepts|Summary|Practical Applications|Common "
             "Misconceptions|Worked Example|Role of {E}|{C} and {d}|Definition of {c}|Key "
             "Provisions of {c}|Outcomes and Future Implications for {E}|Strategic Timing of {c}|"
             "{E}'s Perspective|How {C} Works|Historical Involvement of {E}").split("|")
# {L} is a wiki link; sentences get a timestamp anchor (mostly) and a full stop appended.
_SENTENCES = (
    "After a brief {L} between {E} and {L}, a {L} was reached in {y}|This {c} was first described "
    "by {E}|The {L} proved much more important than many expected|Initially, the response of {E} "
    "to {c} seemed uncertain|Given the close link between {c} and {L}, many expected {E} to change "
    "course|There were even fears of a serious confrontation between {E} and {F}|As it stands, {E} "
    "continues to rely on {L} to retain what it still has|One way to think about {L} is as a kind "
    "of {c}|In practice, {c} is rarely used on its own, and most people combine it with {L}|The "
    "speaker notes that {c} depends heavily on {L} and on {d}|Roughly {n} percent of the examples "
    "shown involve {c}|By contrast, {L} treats {c} as a special case of {d}|It is worth noting that"
    " {E} did not invent {c}, but popularised it in {y}|Critics argue that {L} overstates the role "
    "of {c} and of {L}|Therefore, {E} chose to focus on {c}, carefully timing the change to "
    "maximise its own advantages").split("|")
_FIRST = "james|grant|sal|ali|thomas|sabine|kurz|derek|hank|john|mia|lex|tom|nina|ben".split("|")
_LAST = ("kerlindsay|sanderson|academy|abdaal|frank|hossenfelder|gesagt|muller|green|oliver|"
         "lectures|fridman|explains|notes|tv|history|physics|studio").split("|")


def _cap(s: str) -> str:
    """s with its first character upper case."""
    return s[:1].upper() + s[1:]


def _fill(rng: random.Random, template: str, ents: list[str], cons: list[str]) -> str:
    """Fill {E}/{F} entities, {c}/{C}/{d} concepts, {y}, {k}, {n}, {G} (leaving {L} alone)."""
    (c, d), (e, f) = rng.sample(cons, 2), rng.sample(ents, 2)
    return (template.replace("{C}", _cap(c)).replace("{c}", c).replace("{d}", d)
            .replace("{E}", e).replace("{F}", f).replace("{G}", rng.choice(_GERUNDS))
            .replace("{y}", str(rng.randint(1850, 2024))).replace("{k}", str(rng.randint(1, 4)))
            .replace("{n}", str(rng.randint(2, 90))).replace("the the ", "the "))


def _clock(t: int, style: int) -> str:
    """data-t and shown text: style 0 HH:MM:SS, 1 MM:SS (under an hour), 2 plain seconds."""
    h, m, s = t // 3600, t // 60 % 60, t % 60
    if style == 1 and h == 0:
        return f'data-t="{m:02d}:{s:02d}">[{m:02d}:{s:02d}]'
    hms = f"{h:02d}:{m:02d}:{s:02d}"
    return f'data-t="{t}">[{hms}]' if style == 2 else f'data-t="{hms}">[{hms}]'


def _yaml(s: str, flow: bool = False) -> str:
    """A YAML scalar for s (in a [flow, list] if flow), double-quoted only when needed."""
    if ": " in s or " #" in s or s[0] in "-?:,[]{}#&*!|>'\"%@`" or (
            flow and any(c in s for c in ",[]{}")):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


@functools.cache
def _labels(phrase: str) -> tuple[str, ...]:
    """Link labels for phrase: the names and concepts it is made of, and their last words."""
    chunks = [c.strip() for c in _GLUE.split(phrase) if c and c.strip()] or [phrase]
    return tuple(dict.fromkeys(chunks + [c.rsplit(" ", 1)[-1] for c in chunks if " " in c]))


def _pick(r: Callable[[], float], seq: Sequence[T]) -> T:
    """A random item of seq, faster than Random.choice."""
    return seq[int(r() * len(seq))]


class _Vault:
    """The plan of a whole vault (titles, paths, videos, headings, topics); renders its notes."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.vocab = {d: (v.split(" / ")[0].split("|"), v.split(" / ")[1].split("|"))
                      for d, v in _DOMAINS.items()}
        chans: dict[str, None] = {}  # ~n/40 channels (at least 3), a few of them prolific
        while len(chans) < max(3, n // 40):
            suffix = rng.choice(("", "", "", str(len(chans))))
            chans[rng.choice(_FIRST) + rng.choice(_LAST) + suffix] = None
        self.chans, domains = list(chans), list(_DOMAINS)
        self.chan_dom = [domains[k % len(domains)] for k in range(len(chans))]
        weights = [rng.paretovariate(1.5) for _ in chans]
        self.note_chan = sorted(rng.choices(range(len(chans)), weights, k=n),
                                key=lambda c: (self.chan_dom[c], c))
        # Plan every note before writing any: links point at titles and headings of others.
        self.titles: list[str] = []
        self.paths: list[str] = []
        self.videos: list[str] = []
        self.durations: list[int] = []
        self.heads: list[list[str]] = []
        self.chan_range: dict[int, list[int]] = {}
        used, ids, left = set(), set(), 0
        dom_start: dict[str, int] = {}
        for i, ch in enumerate(self.note_chan):
            dom = self.chan_dom[ch]
            ents, cons = self.vocab[dom]
            dom_start.setdefault(dom, i)
            self.chan_range.setdefault(ch, [i, i])[1] = i + 1
            for attempt in itertools.count():
                title = _cap(_fill(rng, rng.choice(_TITLES), ents, cons))
                title = title if attempt < 30 else f"{title} (take {attempt})"
                if slugify(title) not in used:
                    break
            used.add(slugify(title))
            self.titles.append(title)
            if left == 0 or self.note_chan[i - 1] != ch:  # 1-4 notes of a channel share a video
                left, vid = rng.choices((1, 2, 3, 4), (40, 30, 20, 10))[0], ""
                while not vid or vid in ids:
                    vid = "".join(rng.choices(_ID_CHARS, k=11))
                ids.add(vid)
                long = rng.random() < 0.15  # most videos are 8-40 min, some over an hour
                self.durations.append(rng.randint(3600, 6000) if long else rng.randint(480, 2400))
            else:
                vid = self.videos[-1]
                self.durations.append(self.durations[-1])
            self.videos.append(vid)
            left -= 1
            heads = (_fill(rng, h, ents, cons) for h in rng.sample(_HEADINGS, rng.randint(3, 7)))
            self.heads.append([" ".join(w if len(w) < 4 else _cap(w) for w in h.split())
                               for h in heads])
            folder = f"{dom}/vol{(i - dom_start[dom]) // _PER_FOLDER + 1:02d}/"
            self.paths.append((folder if rng.random() > 0.02 else "") + slugify(title)
                              + (".txt" if rng.random() < 0.02 else ".md"))
        for _ in range(round(n * 0.001)):  # deliberate title (so slug) collisions
            a, b = rng.randrange(n), rng.randrange(n)
            if a != b:
                self.titles[b] = self.titles[a]
                folder, ext = os.path.split(self.paths[b])[0], os.path.splitext(self.paths[b])[1]
                self.paths[b] = f"{folder}/{slugify(self.titles[a])}_{b}{ext}".lstrip("/")
        self.slugs = [slugify(t) for t in self.titles]
        # Topics without a note, per domain, Zipf-weighted over a long tail: short ones first.
        self.topics: dict[str, tuple[list[str], list[float]]] = {}
        self.pools: dict[str, list[list[list[str]]]] = {}
        for dom, (ents, cons) in self.vocab.items():
            combos = ([f"{e} {c}" for e in ents for c in cons] + [f"{c} of {e}" for e in ents
                                                                   for c in cons]
                      + [f"{c} and {d}" for c in cons for d in cons if c != d]
                      + [f"{c} in {y}" for c in cons for y in range(1900, 2025)])
            rng.shuffle(combos)
            names = [t for t in dict.fromkeys(cons + ents + combos) if slugify(t) not in used]
            zipf = itertools.accumulate(k ** -1.1 for k in range(1, len(names) + 1))
            self.topics[dom] = (names, list(zipf))
            # Sentences, split on the link slot and grouped by their number of links.
            pool: list[list[list[str]]] = [[], [], [], []]
            self.pools[dom] = pool
            for _ in range(400):
                s, c = _fill(rng, rng.choice(_SENTENCES), ents, cons), rng.choice(cons)
                s = s.replace(c, f"**{c}**", 1) if rng.random() < 0.1 else s
                pool[s.count("{L}")].append(s.split("{L}"))

    def _targets(self, i: int) -> tuple[list[list[str]], list[list[str]]]:
        """The notes and topics note i links, each spelled a few ways (label, title, heading)."""
        rng, r, n = self.rng, self.rng.random, len(self.titles)
        titles, slugs = self.titles, self.slugs
        notes = []
        for _ in range(rng.randint(3, 7)):  # same channel or video, nearby (same domain), anywhere
            x = r()
            j = (rng.randrange(*self.chan_range[self.note_chan[i]]) if x < 0.4 else rng.randrange(n)
                 if x < 0.7 else max(0, min(n - 1, i + rng.randint(-300, 300))))
            if j != i:
                forms, labs = [], _labels(titles[j])
                for _ in range(3):
                    y, lab = r(), _pick(r, labs)
                    forms.append(
                        f"[[{titles[j]}|{lab}]]" if y < 0.12 else f"[[{slugs[j]}]]" if y < 0.2
                        else f"[[{slugs[j]}#{_pick(r, self.heads[j])}|{lab}]]" if y < 0.28
                        else f"[[{slugs[j]}|{lab}]]" if y < 0.33 else f"[[{slugs[j]} | {lab}]]")
                notes.append(forms)
        dom = self.chan_dom[self.note_chan[i]]
        names, cum = self.topics[dom if r() < 0.9 else rng.choice(list(self.topics))]
        drawn = dict.fromkeys(rng.choices(names, cum_weights=cum, k=rng.randint(3, 7)))
        return notes, [[f"[[{slugify(t)}]]" if r() < 0.2 else
                         f"[[{slugify(t)} | {_pick(r, _labels(t))}]]" for _ in range(3)]
                       for t in drawn]

    def note(self, i: int) -> str:
        """The text of note i."""
        rng, r, titles, ch = self.rng, self.rng.random, self.titles, self.note_chan[i]
        dom = self.chan_dom[ch]
        ws_notes, ws_topics = self._targets(i)
        wn = list(itertools.accumulate(1 / k for k in range(1, len(ws_notes) + 1)))
        wt = list(itertools.accumulate(1 / k for k in range(1, len(ws_topics) + 1)))
        pool, dur, t, stamps = self.pools[dom], self.durations[i], 0, 0
        style = 0 if r() > 0.04 else 1 if r() < 0.7 else 2
        n_sent, n_links, wordy = rng.randint(22, 58), rng.randint(20, 40), r() * 0.5

        def sentence(end: str = ".") -> str:
            nonlocal t, n_sent, n_links, stamps
            k = max(0, min(3, int(n_links / max(n_sent, 1) + r())))
            n_sent, n_links = n_sent - 1, n_links - k
            parts = _pick(r, pool[k] or pool[1])
            out = [parts[0]]
            for part in parts[1:]:
                ws = (rng.choices(ws_notes, cum_weights=wn)[0] if ws_notes and r() < 0.6
                      else rng.choices(ws_topics, cum_weights=wt)[0])
                out += (_pick(r, ws), part)
            more = _pick(r, pool[0])[0]
            if r() < wordy and more != parts[0]:  # a second clause: longer, no more links/times
                out += (_pick(r, (", and ", ", while ", "; ")), more[0].lower(), more[1:])
            if r() < 0.06 or stamps >= 60:
                return "".join(out) + end
            stamps += 1  # mostly increasing times, wrapping if past the end of the video
            stamp, t = t, t + 2 + int(r() * 24) if t < dur else int(r() * dur / 2)
            return f'{"".join(out)} <a class="yt-timestamp" {_clock(stamp, style)}</a>{end}'

        def paragraph(k: int) -> str:
            out = " ".join(sentence() for _ in range(k))
            if r() < 0.45:  # a bullet list introduced by the paragraph's last sentence
                out = (out + " " if k else "") + sentence(":")
                bullet = "*   " if r() < 0.8 else "- "
                for _ in range(rng.randint(3, 5)):
                    bold = f"**{_cap(_pick(r, _labels(_pick(r, titles))))}**: " if r() < 0.3 else ""
                    out += f"\n{bullet}{bold}{sentence()}"
            return out + "\n"

        problem = rng.choice(("id", "yaml", "ts", "notitle")) if r() < 0.002 else ""
        front = ["---", f"title: {_yaml(titles[i])}" if problem != "notitle" else "",
                 f"videoId: {'not-an-id' if problem == 'id' else self.videos[i]}"]
        front[1] = f"title: [{titles[i]}: broken" if problem == "yaml" else front[1]
        if r() < 0.05:
            alias = _yaml(_cap(_labels(titles[i])[0]), flow=True)
            front.append(f"aliases: [{alias}, {self.slugs[i].replace('_', ' ')}]")
        if r() < 0.08:
            front.append(f"tags: [{dom}, {slugify(_pick(r, self.vocab[dom][1]))}]")
        if r() < 0.003:
            front.append("video: media/clip.mp4")
        out = ["\n".join(x for x in front if x) + f"\n---\n\nFrom: [[{self.chans[ch]}]] <br/> \n\n",
               paragraph(rng.randint(1, 3))]
        for h, heading in enumerate(self.heads[i]):
            if r() < 0.45:  # jump back (sometimes ahead) in the video, like the sample
                t = rng.randint(0, t if r() < 0.7 else dur)
            per = max(1, n_sent // (len(self.heads[i]) - h))
            out.append(f"\n### {heading}\n" if h and r() < 0.25 else f"\n## {heading}\n\n")
            out.append(paragraph(rng.randint(max(1, per - 2), per + 1)))
            if r() < 0.3 and n_sent > 3:
                out.append("\n" + paragraph(rng.randint(2, 4)))
        while sum(map(len, out)) < 4300 or stamps < 20:  # the floor of a real note
            out.append("\n" + paragraph(4))
        x = r()
        if x < 0.08:  # a YouTube URL carrying a time, sometimes to another video
            vid, s = self.videos[i] if r() < 0.6 else _pick(r, self.videos), rng.randint(5, dur)
            url = (f"[see](https://www.youtube.com/watch?v={vid}&t={s}s)" if r() < 0.6
                   else f"https://youtu.be/{vid}?t={s // 60}m{s % 60}s")
            line = (f"\nThe point is made at length in {url}.\n" if r() < 0.5 else
                    f"\nWatch {url} for the full derivation.\n")
            out.insert(rng.randint(2, len(out)), line)
        elif x < 0.09:  # code holding something link-like
            out.append("\nTo link a note, type `[[not_a_link]]` in the editor.\n" if r() < 0.5 else
                       '\n```markdown\nSee [[not_a_link]] and <a data-t="00:01:00">x</a>.\n```\n')
        text = "".join(out).rstrip("\n")
        if problem == "ts":
            text = re.sub(r'data-t="[^"]*">\[[^\]]*\]', 'data-t="99:99:xx">[99:99:xx]', text, 1)
        return text


def generate_vault(root: Path, n_notes: int, seed: int = 0) -> None:
    """Write n_notes note files into root (created), deterministic for (n_notes, seed)."""
    root, vault = Path(root), _Vault(n_notes, seed)
    root.mkdir(parents=True, exist_ok=True)
    for folder in sorted({os.path.dirname(p) for p in vault.paths}):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(vault.paths):
        with open(root / path, "w", encoding="utf-8", newline="") as fh:
            fh.write(vault.note(i))


def cached_vault(n_notes: int, seed: int = 0) -> Path:
    """The vault for (n_notes, seed) under $LECTERN_BENCH_DIR or /tmp, generated only once."""
    base = Path(os.environ.get("LECTERN_BENCH_DIR") or "/tmp/lectern-bench-vaults")
    vault, marker = base / f"n{n_notes}-s{seed}", base / f"n{n_notes}-s{seed}.complete"

    def done() -> bool:
        return marker.is_file() and marker.read_text(encoding="utf-8") == VERSION and vault.is_dir()

    if done():
        return vault
    tmp = base / f".n{n_notes}-s{seed}.tmp{os.getpid()}"  # generated aside, then moved in place
    shutil.rmtree(tmp, ignore_errors=True)
    generate_vault(tmp, n_notes, seed)
    if done():  # another process finished the same vault meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
        return vault
    marker.unlink(missing_ok=True)
    shutil.rmtree(vault, ignore_errors=True)
    tmp.rename(vault)
    marker.write_text(VERSION, encoding="utf-8")
    return vault


def main(argv: list[str] | None = None) -> None:
    """CLI: python -m bench.vaultgen OUT_DIR N [--seed S]; prints the time and sizes."""
    ap = argparse.ArgumentParser(prog="python -m bench.vaultgen", description=__doc__)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    generate_vault(args.out_dir, args.n, args.seed)
    took = time.perf_counter() - start
    sizes = [p.stat().st_size for p in args.out_dir.rglob("*") if p.is_file()]
    print(f"{len(sizes)} files in {took:.1f} s, {sum(sizes) / 1e6:.1f} MB, avg "
          f"{sum(sizes) / max(1, len(sizes)) / 1024:.1f} KiB, {min(sizes, default=0)}-"
          f"{max(sizes, default=0)} bytes -> {args.out_dir}")


if __name__ == "__main__":
    main()
