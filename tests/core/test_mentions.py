"""Topic pages: every mention, grouped by channel and video, with context."""

from __future__ import annotations

from pathlib import Path

from viewer.core.mentions import topic_mentions, topic_title
from viewer.core.store import NoteStore
from viewer.core.vault import load_index

TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def test_mentions_grouped_with_context_and_title(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: A\nvideoId: aaaaaaaaaaa\n---\nFrom: [[c1]] <br/>\n## Part\n"
        f"Intro. See [[Curl in vector fields|curl]] here {TS.format(t='00:01:00')}.\n")
    (tmp_path / "b.md").write_text(
        "---\ntitle: B\nvideoId: bbbbbbbbbbb\n---\nFrom: [[c0]] <br/>\n"
        f"* Again [[curl_in_vector_fields]] {TS.format(t='00:00:30')}.\n"
        "* And [[Curl in vector fields]] without time.\n")
    index, _ = load_index(tmp_path, None)
    groups = topic_mentions(index, NoteStore(tmp_path), {"curl_in_vector_fields"})
    assert [(g.channel, g.video_id) for g in groups] == [("c0", "bbbbbbbbbbb"), ("c1", "aaaaaaaaaaa")]
    first, second = groups[0].mentions
    assert (first.sentence, first.seconds) == ("Again curl in vector fields.", 30)  # slug read
    assert (second.sentence, second.seconds) == ("And Curl in vector fields without time.", None)
    only = groups[1].mentions[0]
    assert (only.sentence, only.heading, only.seconds) == ("See curl here.", "Part", 60)
    assert topic_title("curl_in_vector_fields", groups) == "Curl in vector fields"
    assert topic_title("no_mentions_yet", []) == "No mentions yet"
