"""Links resolve as in Obsidian (issue 15): exact file name or title (case and Unicode form
folded), then the path from the vault root, with or without `.md`, then the slug rule;
heading chains and block references reach their target; topics still work."""

from __future__ import annotations

import unicodedata

import pytest

from viewer.core.index import LinkIndex
from viewer.core.parser import index_record, parse_file, parse_text
from viewer.core.record import NoteRecord
from viewer.core.slug import heading_anchor, link_key, topic_slug
from viewer.render.renderer import render_note


def record(path: str, text: str) -> NoteRecord:
    return NoteRecord.from_note(parse_file(path, text.encode()))


def note(title: str, body: str = "") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


def build(notes: dict[str, str]) -> LinkIndex:
    index = LinkIndex()
    index.apply([record(p, t) for p, t in notes.items()])
    return index


VAULT = {
    "c.md": note("C"),
    "cpp.md": note("C++"),
    "folder/Note.md": note("Folder note title"),
    "other/Note.md": note("Other note title"),
    "café.md": note("Café"),
    "host.md": note("Host", "[[C++]] [[c]] [[folder/Note]] [[Note.md]] [[CAFE\u0301]] "
                            "[[folder/Note.md#A#B|x]] [[Missing Topic]] [[missing_topic]] "
                            "[[nowhere/Missing Topic]]"),
}


def test_link_keys_keep_what_the_slug_loses() -> None:
    assert link_key("C++") == "c++" and topic_slug("c++") == "c"
    assert link_key("Folder/My  Note.md") == "folder/my note"
    assert topic_slug("folder/my note") == "my_note"  # not "foldermy_note"
    assert link_key("Cafe\u0301") == link_key("Café")  # NFD and NFC agree
    assert link_key("STRASSE") == link_key("Straße")  # casefold, not lower
    assert [link.target for link in parse_text("h.md", VAULT["host.md"]).links][:4] == [
        "c++", "c", "folder/note", "note"]


def test_exact_name_then_path_then_slug() -> None:
    index = build(VAULT)
    assert index.resolve("c++") == "cpp.md"  # both slug to "c": the exact title wins
    assert index.resolve("c") == "c.md"
    assert index.resolve("folder/note") == "folder/Note.md"  # path from the vault root
    assert index.resolve("other/note") == "other/Note.md"
    assert index.resolve("note") == "folder/Note.md"  # by file name, first path wins
    assert index.resolve(link_key("Café")) == "café.md"
    assert index.resolve("folder_note_title") == "folder/Note.md"  # the slug rule still
    assert index.find("C++") == "cpp.md" and index.find("folder/Note.md") == "folder/Note.md"
    assert not any("also claimed" in m for _, _, m in index.problems())  # "C" is not "C++"


def test_topics_group_by_slug_and_never_from_paths_or_suffixes() -> None:
    index = build(VAULT)
    topics = dict(index.topics())
    assert topics == {"missing_topic": 3}  # two spellings and a path, one topic
    assert "foldernote" not in topics and "notemd" not in topics
    assert index.mentions("missing_topic") == {"host.md": 3}
    assert index.topic_targets("missing_topic") == {
        "missing_topic", "missing topic", "nowhere/missing topic"}
    assert index.is_topic("missing_topic") and not index.is_topic("c")


def test_backlinks_follow_each_key_to_its_own_note() -> None:
    index = build(VAULT)
    assert index.backlinks("cpp.md") == {"host.md": 1}
    assert index.backlinks("c.md") == {"host.md": 1}
    assert index.backlinks("folder/Note.md") == {"host.md": 3}  # path, file name, path.md
    assert "c++" in index.claimed_slugs("cpp.md") and "c++" not in index.claimed_slugs("c.md")


def test_index_agrees_with_a_rebuild_after_changes() -> None:
    index = build(VAULT)
    index.apply([record("missing topic.md", note("Missing Topic"))], ["cpp.md"])
    fresh = build({**{p: t for p, t in VAULT.items() if p != "cpp.md"},
                   "missing topic.md": note("Missing Topic")})
    assert index.snapshot() == fresh.snapshot()
    assert index.resolve("c++") == "c.md"  # no "C++" now: the slug rule
    assert index.topics() == []


@pytest.mark.parametrize("body", [
    "[[C++]] and ![[image.png|300]] and ![[Other#Sec]] ![alt](media/p.png)",
    "yt_timestamp <a class=\"yt_timestamp\" data-t=\"00:01:31\">[1:31]</a>",
    "0:00 Intro\n[01:02] Two\n", "<iframe src=\"https://youtube.com/embed/abcdefghijk?start=3\">",
    "line ^blk-1\n[[Note#^blk-1]] [[Note#A#B]]",
])
def test_fast_record_equals_the_full_parse(body: str) -> None:
    text = "---\ntitle: T\nvideoId: abcdefghijk\n---\n" + body + "\n"
    assert index_record("x.md", text.encode()) == record("x.md", text)


def test_heading_chains_and_block_refs_scroll_to_their_target() -> None:
    assert heading_anchor("A#B") == "a/b" and heading_anchor("^blk-1") == "^blk-1"
    host = parse_text("h.md", note("H", "[[Note#A#B]] [[Note#^blk-1|see]] [[#Local]]\n\n"
                                        "A claim. ^claim-1\n"))
    html = render_note(host, lambda _: "note").html
    assert 'href="lectern://open/note#a/b"' in html
    assert 'href="lectern://open/note#^blk-1"' in html and 'href="#local"' in html
    assert '<span class="block-ref" id="^claim-1"></span>' in html
    assert "^claim-1" not in html.replace('id="^claim-1"', "")  # hidden in the text


def test_block_ids_only_at_line_ends_outside_code() -> None:
    found = parse_text("x.md", "a ^one\nb ^two c\n^three\n`x ^four`\n```\ny ^five\n```\n")
    assert [b.id for b in found.block_ids] == ["one", "three"]


def test_nfd_title_matches_nfc_link() -> None:
    index = build({"n.md": note(unicodedata.normalize("NFD", "Ölfeld")),
                   "h.md": note("H", "[[ölfeld]]")})
    assert index.backlinks("n.md") == {"h.md": 1}
