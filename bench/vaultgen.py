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
import itertools
import os
import random
import re
import shutil
import time
from pathlib import Path

from viewer.core.slug import slugify

VERSION = "vaultgen-1"  # bump when the output changes, so cached vaults are regenerated
_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_PER_FOLDER = 250

# domain: (entities, concepts)
_DOMAINS: dict[str, tuple[str, str]] = {
    "history": (
        "Russia|Turkey|Armenia|Azerbaijan|the United States|France|the Ottoman Empire|the Soviet "
        "Union|Nagorno-Karabakh|Cyprus|Kosovo|the European Union|NATO|the United Nations|Georgia|"
        "Serbia|Greece|Iran|Moscow|Baku|Yerevan|Ankara|Côte d'Ivoire",
        "peace agreement|ceasefire line|border dispute|de facto state|referendum|peacekeeping "
        "mission|regional hegemony|sanctions regime|recognition of statehood|secession|territorial "
        "integrity|frozen conflict|diplomatic pressure|refugee crisis|self-determination|defense "
        "treaty|energy corridor|military balance|partition plan|constitutional reform|mediation "
        "process|war of 2020|independence movement|economic blockade|security guarantees"),
    "math": (
        "Euler|Gauss|Riemann|Fourier|Leibniz|Newton|Cauchy|Hilbert|Noether|Lagrange|Laplace|"
        "Stokes|Green|Bayes|Markov|Poincaré|Grant Sanderson|Khan Academy",
        "vector fields|curl|divergence|gradient descent|linear transformations|eigenvalues|"
        "determinants|the dot product|the cross product|complex numbers|the chain rule|Taylor "
        "series|Fourier series|differential equations|probability distributions|the central limit "
        "theorem|group theory|prime numbers|matrix multiplication|basis vectors|change of basis|"
        "limits|derivatives|integrals|partial derivatives|the unit circle|conditional probability"),
    "science": (
        "Einstein|Feynman|Maxwell|Bohr|Marie Curie|Darwin|Mendel|CERN|NASA|the Hubble telescope|"
        "Schrödinger|Heisenberg|Faraday|Kepler|Galileo|the James Webb telescope",
        "quantum entanglement|special relativity|black holes|dark matter|the standard model|"
        "electromagnetic waves|thermodynamics|entropy|natural selection|gene expression|the double "
        "slit experiment|wave-particle duality|nuclear fusion|climate feedback loops|plate "
        "tectonics|photosynthesis|cell division|the immune response|protein folding|spacetime "
        "curvature|the Higgs field|orbital mechanics|superconductivity|radioactive decay"),
    "productivity": (
        "Notion|Obsidian|Roam Research|Todoist|Google Calendar|Evernote|Trello|Anki|Zotero|"
        "Logseq|Excel|Readwise|David Allen|Tiago Forte|Cal Newport|Ali Abdaal",
        "relationships|habit tracking|spaced repetition|the second brain|deep work|time blocking|"
        "project dashboards|weekly reviews|note templates|linked databases|task inboxes|the "
        "Zettelkasten method|active recall|reading notes|goal setting|the PARA method|daily "
        "journaling|focus sessions|meeting notes|content calendars|reading lists|budget trackers"),
    "programming": (
        "Python|Rust|JavaScript|TypeScript|Git|Docker|Kubernetes|PostgreSQL|React|Linux|SQLite|"
        "Go|C++|Haskell|the JVM|WebAssembly|GitHub Actions",
        "memory management|garbage collection|async/await|type inference|unit testing|dependency "
        "injection|hash maps|binary search|recursion|closures|the borrow checker|race conditions|"
        "database indexes|REST APIs|continuous integration|code review|design patterns|functional "
        "programming|event loops|caching strategies|regular expressions|big-O notation|pointers"),
    "economics": (
        "the Federal Reserve|the ECB|Keynes|Adam Smith|Milton Friedman|the IMF|the World Bank|"
        "China|Japan|Germany|the Bank of England|OPEC|Argentina|Silicon Valley",
        "inflation|interest rates|supply chains|monetary policy|fiscal stimulus|quantitative "
        "easing|trade deficits|exchange rates|the housing market|labor markets|comparative "
        "advantage|price controls|the gold standard|recessions|sovereign debt|central bank "
        "independence|market bubbles|universal basic income|tariffs|productivity growth"),
}
_TITLES = ("{C} in {d}|Role of {E} in the {c}|{E}: {c} of {y}|{G} {c} using {E}|How {E} changed "
           "{c}|Why {c} matters for {d}?|{C} vs. {d}|Introduction to {c}|{E}'s approach to {c} "
           "(part {k})|The history of {c}|{C}, {d} and {E}|What {E} got wrong about {c}|{C}: a "
           "visual explanation|Lessons from {E} on {c}|{C} and {d} in {y}").split("|")
_GERUNDS = ("Tracking|Understanding|Visualizing|Explaining|Building|Debugging|Comparing|Teaching|"
            "Organizing|Measuring|Rethinking|Managing").split("|")
_HEADINGS = ("Historical Background|Key Concepts|Summary|Practical Applications|Common "
             "Misconceptions|Open Questions|Worked Example|Conclusion|Role of {E}|{C} and {d}|"
             "Definition of {c}|Key Provisions of {c}|Outcomes and Future Implications for {E}|"
             "Strategic Timing of {c}|Why {C} Matters|{E}'s Perspective|Comparing {c} and {d}|"
             "How {C} Works|Historical Involvement of {E}").split("|")
# {L} is a wiki link; sentences get a timestamp anchor (mostly) and a full stop appended.
_SENTENCES = (
    "After a brief {L} between {E} and {L}, a {L} was reached in {y}|This {c} was first described "
    "by {E}|Prior to {y}, efforts to explain {c} were led by {E}, alongside {F}|The {L} proved "
    "much more important than many expected|Initially, the response of {E} to {c} seemed "
    "uncertain|Given the close link between {c} and {L}, many expected {E} to change course|There "
    "were even fears of a serious confrontation between {E} and {F}|As it stands, {E} continues "
    "to rely on {L} to retain what it still has|The presence of {c} in {L} extends the reach of "
    "{E}|One way to think about {L} is as a kind of {c}|In practice, {c} is rarely used on its "
    "own, and most people combine it with {L}|The speaker notes that {c} depends heavily on {L} "
    "and on {d}|A common mistake is to confuse {c} with {L}, which leads to subtle errors|This is "
    "why {E} emphasised {L} over {c}|Roughly {n} percent of the examples shown involve {c}|By "
    "contrast, {L} treats {c} as a special case of {d}|The video then returns to {L} to show how "
    "it interacts with {c}|Here, the key idea is that {c} can be expressed in terms of {L}|It is "
    "worth noting that {E} did not invent {c}, but popularised it in {y}|Over time, {c} became a "
    "central part of {L}|Critics argue that {L} overstates the role of {c} and of {L}|The example "
    "uses {c} to illustrate {L} in a concrete setting|Almost {n} years later, {E} revisited {c}|"
    "Without {c}, the argument about {L} would not hold together|{E} and {F} both rely on {c}, "
    "though for different reasons|Therefore, {E} chose to focus on {c}, carefully timing the "
    "change to maximise its own advantages").split("|")
_FIRST = "james|grant|sal|ali|thomas|sabine|kurz|derek|hank|john|mia|lex|tom|nina|ben|eli".split("|")
_LAST = ("kerlindsay|sanderson|academy|abdaal|frank|hossenfelder|gesagt|muller|green|oliver|"
         "lectures|fridman|scott|explains|eater|notes|tv|history|physics|studio").split("|")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _fill(rng: random.Random, template: str, ents: list[str], cons: list[str]) -> str:
    """Fill {E}/{F} entities, {c}/{C}/{d} concepts, {y}, {k}, {n}, {G} (leaving {L} alone)."""
    c, d = rng.sample(cons, 2)
    e, f = rng.sample(ents, 2)
    return (template.replace("{C}", _cap(c)).replace("{c}", c).replace("{d}", d)
            .replace("{E}", e).replace("{F}", f).replace("{G}", rng.choice(_GERUNDS))
            .replace("{y}", str(rng.randint(1850, 2024))).replace("{k}", str(rng.randint(1, 4)))
            .replace("{n}", str(rng.randint(2, 90))))


def _video_id(rng: random.Random, seen: set[str]) -> str:
    while True:
        vid = "".join(rng.choices(_ID_CHARS, k=11))
        if vid not in seen:
            seen.add(vid)
            return vid


def _clock(t: int, style: int) -> str:
    """data-t and shown text: 0 HH:MM:SS, 1 MM:SS (shown as such), 2 plain seconds."""
    h, m, s = t // 3600, t // 60 % 60, t % 60
    if style == 1 and h == 0:
        return f'data-t="{m:02d}:{s:02d}">[{m:02d}:{s:02d}]'
    hms = f"{h:02d}:{m:02d}:{s:02d}"
    return f'data-t="{t}">[{hms}]' if style == 2 else f'data-t="{hms}">[{hms}]'


def _yaml(s: str) -> str:
    """A YAML scalar for s, double-quoted only when it would not parse plain."""
    if any(ch in s for ch in ':#[]{},&*!|>\'"%@`') or s != s.strip():
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


_STOP = frozenset("a an and the of in on to for by vs. using about from changed matters got wrong "
                  "approach part take".split())


def _label(rng: random.Random, phrase: str) -> str:
    """A link label: the last one to three words of phrase, trimmed of small words."""
    words = phrase.replace(":", "").replace("?", "").replace("(", "").replace(")", "").split()
    words = words[-rng.randint(1, min(3, len(words))):]
    while len(words) > 1 and (words[0].lower() in _STOP or words[0].isdigit()):
        words.pop(0)
    while len(words) > 1 and (words[-1].lower() in _STOP or words[-1].isdigit()):
        words.pop()
    return " ".join(words)


def generate_vault(root: Path, n_notes: int, seed: int = 0) -> None:
    """Write n_notes note files into root (created), deterministic for (n_notes, seed)."""
    rng = random.Random(seed)
    root = Path(root)
    domains = list(_DOMAINS)
    vocab = {d: (e.split("|"), c.split("|")) for d, (e, c) in _DOMAINS.items()}
    # Channels (~n/40, at least 3), each with a domain and a popularity weight.
    chans: list[str] = []
    while len(chans) < max(3, n_notes // 40):
        name = rng.choice(_FIRST) + rng.choice(_LAST) + rng.choice(["", "", "", str(rng.randint(1, 99))])
        if name not in chans:
            chans.append(name)
    chan_dom = [domains[i % len(domains)] for i in range(len(chans))]
    note_chan = sorted(rng.choices(range(len(chans)), weights=[rng.paretovariate(1.5) for _ in chans],
                                   k=n_notes), key=lambda c: (chan_dom[c], c))
    # Plan every note first: title, file path, video, headings (links may point at headings).
    titles: list[str] = []
    used: set[str] = set()
    paths: list[str] = []
    videos: list[str] = []
    durations: list[int] = []
    heads: list[list[str]] = []
    seen_ids: set[str] = set()
    dom_start: dict[str, int] = {}
    chan_range: dict[int, list[int]] = {}
    left = 0
    for i, ch in enumerate(note_chan):
        dom = chan_dom[ch]
        ents, cons = vocab[dom]
        dom_start.setdefault(dom, i)
        chan_range.setdefault(ch, [i, i])[1] = i + 1
        for attempt in itertools.count():
            title = _fill(rng, rng.choice(_TITLES), ents, cons)
            title = _cap(title if attempt < 30 else f"{title} (take {attempt})")
            if slugify(title) not in used:
                break
        used.add(slugify(title))
        titles.append(title)
        if left == 0 or note_chan[i - 1] != ch:  # 1-4 consecutive notes of a channel share a video
            left = rng.choices((1, 2, 3, 4), (40, 30, 20, 10))[0]
            videos.append(_video_id(rng, seen_ids))
            durations.append(rng.randint(480, 2400) if rng.random() < 0.85 else rng.randint(3600, 6000))
        else:
            videos.append(videos[-1])
            durations.append(durations[-1])
        left -= 1
        heads.append([" ".join(w if len(w) < 4 else _cap(w) for w in _fill(rng, h, ents, cons).split())
                      for h in rng.sample(_HEADINGS, rng.randint(3, 7))])
        folder = f"{dom}/vol{(i - dom_start[dom]) // _PER_FOLDER + 1:02d}/" if rng.random() > 0.02 else ""
        paths.append(folder + slugify(title) + (".txt" if rng.random() < 0.02 else ".md"))
    for _ in range(round(n_notes * 0.001)):  # deliberate title (slug) collisions
        a, b = rng.randrange(n_notes), rng.randrange(n_notes)
        if a != b:
            titles[b] = titles[a]
            stem, ext = os.path.splitext(paths[b])
            paths[b] = f"{os.path.dirname(stem)}/{slugify(titles[a])}_{b}{ext}".lstrip("/")
    slugs = [slugify(t) for t in titles]
    # Topics with no note, per domain, Zipf-weighted: short ones first, a long tail of combos.
    topics: dict[str, tuple[list[str], list[float]]] = {}
    for dom, (ents, cons) in vocab.items():
        combos = [f"{e} {c}" for e in ents for c in cons] + [f"{c} and {d}" for c in cons for d in cons if c != d]
        rng.shuffle(combos)
        names = [p for p in dict.fromkeys(cons + ents + combos) if slugify(p) not in used]
        topics[dom] = (names, list(itertools.accumulate(1 / (r + 1) ** 1.1 for r in range(len(names)))))
    # Sentence pools per domain, split on the link slot and grouped by number of links.
    pools: dict[str, list[list[list[str]]]] = {}
    for dom, (ents, cons) in vocab.items():
        pools[dom] = [[], [], [], []]
        for _ in range(400):
            s = _fill(rng, rng.choice(_SENTENCES), ents, cons)
            if rng.random() < 0.1:
                c = rng.choice(cons)
                s = s.replace(c, f"**{c}**", 1)
            pools[dom][s.count("{L}")].append(s.split("{L}"))
    root.mkdir(parents=True, exist_ok=True)
    for folder in sorted({os.path.dirname(p) for p in paths} - {""}):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for i in range(n_notes):
        text = _note(rng, i, titles, slugs, paths, videos, durations, heads, chan_dom[note_chan[i]],
                     chans[note_chan[i]], chan_range[note_chan[i]], topics, pools)
        with open(root / paths[i], "w", encoding="utf-8", newline="") as fh:
            fh.write(text)


def _note(rng: random.Random, i: int, titles: list[str], slugs: list[str], paths: list[str],
          videos: list[str], durations: list[int], heads: list[list[str]], dom: str, chan: str,
          crange: list[int], topics: dict[str, tuple[list[str], list[float]]],
          pools: dict[str, list[list[list[str]]]]) -> str:
    """Render note i as text."""
    n, r = len(titles), rng.random
    # Working set of link targets: a few notes (same video/channel, same domain, anywhere) and
    # Zipf-drawn topics; each with a few spelled-out link variants.
    ws_notes: list[list[str]] = []
    for _ in range(rng.randint(3, 7)):
        x = r()
        j = rng.randrange(*crange) if x < 0.4 else rng.randrange(n) if x < 0.7 else \
            max(0, min(n - 1, i + rng.randint(-300, 300)))
        if j == i:
            continue
        forms = []
        for _ in range(3):
            y, lab = r(), _label(rng, titles[j])
            forms.append(f"[[{titles[j]}|{lab}]]" if y < 0.12 else f"[[{slugs[j]}]]" if y < 0.2 else
                         f"[[{slugs[j]}#{rng.choice(heads[j])}|{lab}]]" if y < 0.28 else
                         f"[[{slugs[j]}|{lab}]]" if y < 0.33 else f"[[{slugs[j]} | {lab}]]")
        ws_notes.append(forms)
    names, cum = topics[dom if r() < 0.9 else rng.choice(list(topics))]
    ws_topics = []
    for t in dict.fromkeys(rng.choices(names, cum_weights=cum, k=rng.randint(3, 7))):
        ts = slugify(t)
        ws_topics.append([f"[[{ts}]]" if r() < 0.2 else f"[[{ts} | {_label(rng, t)}]]" for _ in range(3)])
    wn = list(itertools.accumulate(1 / (k + 1) for k in range(len(ws_notes))))
    wt = list(itertools.accumulate(1 / (k + 1) for k in range(len(ws_topics))))

    def link() -> str:
        if ws_notes and (r() < 0.6 or not ws_topics):
            return rng.choice(rng.choices(ws_notes, cum_weights=wn)[0])
        return rng.choice(rng.choices(ws_topics, cum_weights=wt)[0])

    dur, t = durations[i], 0
    style = 0 if r() > 0.04 else 1 if r() < 0.7 else 2
    n_sent, n_links, wordy = rng.randint(22, 58), rng.randint(20, 40), rng.random() * 0.5
    pool, stamps = pools[dom], [0]

    def sentence(end: str = ".") -> str:
        nonlocal t, n_sent, n_links
        k = max(0, min(3, int(n_links / max(n_sent, 1) + r())))
        n_sent, n_links = n_sent - 1, n_links - k
        parts = rng.choice(pool[k] or pool[1])
        s = parts[0] + "".join(link() + p for p in parts[1:])
        if r() < wordy:  # a second clause: longer prose without more links or timestamps
            more = rng.choice(pool[0])[0]
            s += rng.choice((", and ", ", while ", "; ")) + more[0].lower() + more[1:]
        if r() < 0.06 or stamps[0] >= 60:
            return s + end
        stamps[0] += 1
        stamp, t = t, t + rng.randint(2, 25) if t < dur else rng.randint(0, dur // 2)
        return f'{s} <a class="yt-timestamp" {_clock(stamp, style)}</a>{end}'

    def paragraph(k: int) -> str:
        out = " ".join(sentence() for _ in range(k))
        if r() < 0.45:  # a list introduced by the paragraph's last sentence
            out = (out + " " if k else "") + sentence(":")
            bullet = "*   " if r() < 0.8 else "- "
            for _ in range(rng.randint(3, 5)):
                bold = f"**{_cap(_label(rng, rng.choice(titles)))}**: " if r() < 0.3 else ""
                out += f"\n{bullet}{bold}{sentence()}"
        return out + "\n"

    vid = videos[i]
    problem = rng.choice(("id", "yaml", "ts", "notitle")) if r() < 0.002 else ""
    front = ["---", f"title: {_yaml(titles[i])}" if problem != "notitle" else "",
             f"videoId: {'not-an-id' if problem == 'id' else vid}"]
    if problem == "yaml":
        front[1] = f"title: [{titles[i]}: broken"
    if r() < 0.05:
        front.append(f"aliases: [{_yaml(_cap(_label(rng, titles[i])))}, {_yaml(slugs[i].replace('_', ' '))}]")
    if r() < 0.08:
        front.append(f"tags: [{dom}, {slugify(rng.choice(pool[0])[0].split()[-1])}]")
    if r() < 0.003:
        front.append("video: media/clip.mp4")
    out = ["\n".join(x for x in front if x) + "\n---\n\nFrom: [[" + chan + "]] <br/> \n\n",
           paragraph(rng.randint(1, 3))]
    for h, heading in enumerate(heads[i]):
        if r() < 0.45:  # jump back (sometimes ahead) in the video, like the sample
            t = rng.randint(0, t if r() < 0.7 else dur)
        per = max(1, n_sent // (len(heads[i]) - h))
        out.append(f"\n### {heading}\n" if h and r() < 0.25 else f"\n## {heading}\n\n")
        out.append(paragraph(rng.randint(max(1, per - 2), per + 1)))
        if r() < 0.3 and n_sent > 3:
            out.append("\n" + paragraph(rng.randint(2, 4)))
    x = r()
    if x < 0.08:  # YouTube URLs carrying times, sometimes to another video
        other = vid if r() < 0.6 else videos[rng.randrange(n)]
        s = rng.randint(5, dur)
        url = (f"[see]({'https://www.youtube.com/watch?v=' + other}&t={s}s)" if r() < 0.6
               else f"https://youtu.be/{other}?t={s // 60}m{s % 60}s")
        out.insert(rng.randint(2, len(out)), f"\nThe same point is made at length elsewhere {url}.\n")
    elif x < 0.09:
        out.append("\nTo link a note, type `[[not_a_link]]` in the editor.\n" if r() < 0.5 else
                   "\n```markdown\nSee [[not_a_link]] and <a data-t=\"00:01:00\">x</a>.\n```\n")
    text = "".join(out).rstrip("\n")
    if problem == "ts":
        text = re.sub(r'data-t="[^"]*">\[[^\]]*\]', 'data-t="99:99:xx">[99:99:xx]', text, count=1)
    return text


def cached_vault(n_notes: int, seed: int = 0) -> Path:
    """A vault of n_notes for seed, generated once under $LECTERN_BENCH_DIR or /tmp."""
    base = Path(os.environ.get("LECTERN_BENCH_DIR") or "/tmp/lectern-bench-vaults")
    vault, marker = base / f"n{n_notes}-s{seed}", base / f"n{n_notes}-s{seed}.complete"
    if vault.is_dir() and marker.is_file() and marker.read_text(encoding="utf-8") == VERSION:
        return vault
    tmp = base / f".n{n_notes}-s{seed}.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    generate_vault(tmp, n_notes, seed)
    marker.unlink(missing_ok=True)
    shutil.rmtree(vault, ignore_errors=True)
    try:
        tmp.rename(vault)
    except OSError:  # another process finished the same vault first
        shutil.rmtree(tmp, ignore_errors=True)
    marker.write_text(VERSION, encoding="utf-8")
    return vault


def main(argv: list[str] | None = None) -> None:
    """CLI: python -m bench.vaultgen OUT_DIR N [--seed S]."""
    ap = argparse.ArgumentParser(prog="python -m bench.vaultgen", description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    generate_vault(args.out_dir, args.n, args.seed)
    took = time.perf_counter() - start
    sizes = [p.stat().st_size for p in args.out_dir.rglob("*") if p.is_file()]
    print(f"{len(sizes)} notes in {took:.1f} s, {sum(sizes) / 1e6:.1f} MB, "
          f"avg {sum(sizes) / max(1, len(sizes)) / 1024:.1f} KiB -> {args.out_dir}")


if __name__ == "__main__":
    main()
