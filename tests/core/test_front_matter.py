"""The plain `key: value` shortcut gives exactly what the YAML loader gives, or steps aside."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.front_matter import _simple, split_front_matter

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
    assert fast == yaml.safe_load(front)


def test_common_front_matter_takes_the_shortcut_and_odd_values_do_not() -> None:
    assert _simple("title: Role of Russia in the peace process\nvideoId: 8sGHxZkZReo\n") == {
        "title": "Role of Russia in the peace process", "videoId": "8sGHxZkZReo"}
    for odd in ("title: 2020", "title: yes", "title: null", "title: a: b", "title: x # c",
                'title: "quoted"', "aliases: [a, b]", "title: 12:30", "videoId: 1_000_000_00"):
        assert _simple(odd) is None, odd


def test_both_paths_report_the_same_body_and_problems() -> None:
    problems: list = []
    meta, body, line, _ = split_front_matter("---\ntitle: T\nvideoId: x\n---\nbody\n", problems)
    assert (meta, body, line, problems) == ({"title": "T", "videoId": "x"}, "body\n", 5, [])
