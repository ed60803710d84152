"""Small vaults with known contents for the window tests."""

from __future__ import annotations

from pathlib import Path


def ts(t: str) -> str:
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


FILLER = "\n\n".join(f"Filler paragraph {i} about nothing in particular, long enough to scroll." * 3
                     for i in range(25))

NOTES = {
    "alpha.md": f"""---
title: Alpha Study
videoId: AAAAAAAAAAA
---

From: [[chan_one]] <br/>

Start with [[beta_notes | the beta notes]] {ts("00:00:05")}. The [[shared topic|shared idea]] matters {ts("00:00:12")}.

## Details

Jump to [[beta_notes#Second part|the second part]] {ts("00:00:03")}. See [plain](https://example.com/page).
""",
    "sub/beta.md": f"""---
title: Beta Notes
videoId: AAAAAAAAAAA
---

From: [[chan_one]] <br/>

## First

The [[shared_topic]] again {ts("00:00:08")}. Back to [[Alpha Study|alpha]].

{FILLER}

## Second part

Here is the second part {ts("00:00:15")}.
""",
    "gamma.txt": f"""---
title: Gamma
videoId: BBBBBBBBBBB
---

From: [[Chan Two]] <br/>

* Gamma mentions [[shared_topic|it]] once {ts("00:01:00")}.
* And [[shared_topic|twice]] {ts("00:00:30")}.
""",
    "hostile.md": """---
title: Hostile
---

<script>document.title='x'</script>
<img src=x onerror="document.title='pwned'">
<iframe src="https://example.com"></iframe>
[click](javascript:document.title='js') and <a href="file:///etc/passwd">passwd</a>
<a class="yt-timestamp" data-t="00:00:01" onclick="document.title='chip'">[00:00:01]</a>
<svg onload="document.title='svg'"></svg><style>body{display:none}</style>
""",
}


def make_vault(root: Path) -> Path:
    """Write the notes above into `root`."""
    for name, text in NOTES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
