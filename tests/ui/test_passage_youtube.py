"""Passages, A-B loops and frame steps on YouTube's player, as far as its IFrame API goes:
seekTo/pauseVideo calls into the (stand-in) player page (issue 17)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.conftest_video import (  # noqa: F401 - fixtures are found by name
    js_errors_fail,
    make_pane,
    settings,
)
from tests.ui.test_video_youtube import (  # noqa: F401 - fixtures are found by name
    VIDEO_ID,
    ready_player,
    standin,
    standin_calls,
    youtube_pane,
)
from viewer.ui.video import VideoPane
from viewer.ui.video.passage import PassageControl


def test_youtube_loop_and_frame_steps(qtbot: QtBot, youtube_pane: VideoPane) -> None:  # noqa: F811
    pane = youtube_pane
    pane.show_video(VIDEO_ID, None)
    player = ready_player(qtbot, pane)
    passages = PassageControl(lambda: player, lambda: 1000 // 30, pane)
    # The stand-in's clock does not move: the position is carried on by the wall clock
    # between the page's reports, so a 200 ms loop comes round within its end.
    passages.play(131_000, 131_200, loop=True)
    qtbot.waitUntil(lambda: len(passages.overshoot_ms) >= 2, timeout=3000)
    calls = standin_calls(qtbot, pane)
    assert calls.count({"name": "seekTo", "args": [131, True]}) >= 3
    assert max(passages.overshoot_ms) <= 100
    passages.clear()
    # Frame steps: pause, then seek by 1/30 s.
    player.seek_ms(60_000)
    qtbot.waitUntil(lambda: {"name": "seekTo", "args": [60, True]} in standin_calls(qtbot, pane))
    passages.step(1)
    qtbot.waitUntil(lambda: {"name": "seekTo", "args": [60.033, True]}
                    in standin_calls(qtbot, pane), timeout=3000)
    assert player.position_ms() == 60_033
    assert any(c["name"] == "pauseVideo" for c in standin_calls(qtbot, pane))
