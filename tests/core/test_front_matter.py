"""Front matter: scalars kept as written, duplicate keys reported, and the plain `key: value`
shortcut gives exactly what the YAML loader gives, or steps aside."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.front_matter import _simple, load_yaml, split_front_matter
from viewer.core.parser import parse_text

VALUE_CHARS = st.sampled_from(list("aZ09 _-.:,#'\"!?&*|>%@`[]{}()éß\t\\/") + ["yes", "no", "null",
                              "~", "1e3", "0x1F", "1_000", "12:30", "2020-01-02", ".5", "true"])
values = st.lists(VALUE_CHARS, min_size=1, max_size=12).map("".join)
keys = st.sampled_from(["title", "videoId", "video", "aliases", "tags", "x1", "A_b"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(keys, values), min_size=1, max_size=5))
def test_shortcut_equals_the_yaml_loader(pairs: list[tuple[str, str]]) -> None:
    front = "\n".join(f"{k}: {v}" for k, v in pairs) + "\n"
    fast = _simple(front)
    if fast is None:
        return
    assert fast == load_yaml(front)[0]


def test_common_front_matter_takes_the_shortcut_and_odd_values_do_not() -> None:
    assert _simple("title: Role of Russia in the peace process\nvideoId: 8sGHxZkZReo\n") == {
        "title": "Role of Russia in the peace process", "videoId": "8sGHxZkZReo"}
    for odd in ("title: a: b", "title: x # c", 'title: "quoted"', "aliases: [a, b]",
                "title: a\ntitle: b"):
        assert _simple(odd) is None, odd
    for typed in ("title: 2020", "title: yes", "title: 12:30", "videoId: 1_000_000_00"):
        assert _simple(typed) == {typed.split(": ")[0]: typed.split(": ")[1]}, typed


def test_both_paths_report_the_same_body_and_problems() -> None:
    problems: list = []
    meta, body, line, _ = split_front_matter("---\ntitle: T\nvideoId: x\n---\nbody\n", problems)
    assert (meta, body, line, problems) == ({"title": "T", "videoId": "x"}, "body\n", 5, [])


def test_titles_aliases_and_tags_are_kept_as_written() -> None:
    """Issue 15: `title: 2024-12-19`, `3.10`, `10:00`, `NO` are titles, not a date, 3.1, 600
    or False, with no false "no title" problem; in lists too."""
    for written in ("2024-12-19", "3.10", "10:00", "NO", "1e3", "0x1F", "~"):
        for front in (f"title: {written}\n", f"title: {written}\nvideoId: [x]\n"):
            note = parse_text("notes/file.md", f"---\n{front}---\nbody\n")
            assert note.title == written, front
            assert not any("title" in p.message for p in note.problems), front
    note = parse_text("n.md", "---\ntitle: T\naliases: [3.10, 2024-12-19, NO]\n"
                              "tags:\n  - 10:00\n  - yes\n---\n")
    assert note.aliases == ("3.10", "2024-12-19", "NO")
    assert note.tags == ("10:00", "yes")


def test_duplicate_keys_are_a_problem_naming_the_key_and_line() -> None:
    problems: list = []
    meta, *_ = split_front_matter("---\ntitle: A\nvideoId: x\ntitle: B\n---\nbody\n", problems)
    assert meta["title"] == "B"
    assert [(p.line, p.message) for p in problems] == [
        (4, "front matter gives 'title' twice; the last one is used")]
    problems = []
    split_front_matter("---\ntitle: A\nmeta:\n  k: 1\n  k: 2\n---\n", problems)
    assert [p.line for p in problems] == [5]
