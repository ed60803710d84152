// Lectern's YouTube player page. Talks to Python only through the QWebChannel object
// "bridge" (viewer/ui/video/youtube_page.py: PlayerBridge):
//   Python -> page (signals):  do_load(id, start, autoplay), do_seek(seconds), do_play(),
//                              do_pause(), do_rate(rate), do_volume(0-100), do_mute(bool)
//   page -> Python (slots):    page_ready(), player_ready(duration), state_changed(state),
//                              progress(seconds, duration), player_error(code),
//                              api_failed(reason)
"use strict";

(function () {
  const API_URL = "https://www.youtube.com/iframe_api";
  const EMBED_URL = "https://www.youtube.com/embed/";
  const PLAYING = 1;
  const BUFFERING = 3;
  const PROGRESS_MS = 250;

  let bridge = null;
  let player = null;
  let playerReady = false;
  let apiReady = false;
  let pendingLoad = null;  // [videoId, start, autoplay] until the API has loaded
  let progressTimer = null;

  function embedUrl(videoId, start, autoplay) {
    // YouTube's docs ask for `origin` (our page's origin) and `widget_referrer`.
    const params = new URLSearchParams({
      enablejsapi: "1",
      origin: window.location.origin,
      widget_referrer: window.location.href,
      playsinline: "1",
      rel: "0",
      start: String(Math.max(0, Math.floor(start))),
      autoplay: autoplay ? "1" : "0",
    });
    return EMBED_URL + encodeURIComponent(videoId) + "?" + params.toString();
  }

  function reportProgress() {
    if (player && playerReady) {
      bridge.progress(player.getCurrentTime() || 0, player.getDuration() || 0);
    }
  }

  function onReady() {
    playerReady = true;
    bridge.player_ready(player.getDuration() || 0);
    reportProgress();
  }

  function onStateChange(event) {
    bridge.state_changed(event.data);
    const moving = event.data === PLAYING || event.data === BUFFERING;
    if (moving && progressTimer === null) {
      progressTimer = window.setInterval(reportProgress, PROGRESS_MS);
    } else if (!moving && progressTimer !== null) {
      window.clearInterval(progressTimer);
      progressTimer = null;
    }
    reportProgress();
  }

  function onError(event) {
    bridge.player_error(Number(event.data));
  }

  function createPlayer(videoId, start, autoplay) {
    // We make the iframe ourselves so that it carries the referrer policy YouTube needs
    // on its very first request; the API then attaches to it.
    const frame = document.createElement("iframe");
    frame.id = "player";
    frame.title = "YouTube video player";
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.src = embedUrl(videoId, start, autoplay);
    document.getElementById("stage").replaceChildren(frame);
    player = new window.YT.Player(frame, {
      events: { onReady: onReady, onStateChange: onStateChange, onError: onError },
    });
  }

  function load(videoId, start, autoplay) {
    if (!apiReady) {
      pendingLoad = [videoId, start, autoplay];
    } else if (player === null) {
      createPlayer(videoId, start, autoplay);
    } else {
      const request = { videoId: videoId, startSeconds: Math.max(0, start) };
      if (autoplay) {
        player.loadVideoById(request);
      } else {
        player.cueVideoById(request);
      }
      // The player takes commands for the new video at once; its length comes later.
      bridge.player_ready(0);
    }
  }

  function whenReady(action) {
    return function () {
      if (player && playerReady) {
        action.apply(null, arguments);
      }
    };
  }

  window.onYouTubeIframeAPIReady = function () {
    apiReady = true;
    if (pendingLoad !== null) {
      const args = pendingLoad;
      pendingLoad = null;
      createPlayer(args[0], args[1], args[2]);
    }
  };

  function loadApi() {
    const script = document.createElement("script");
    script.src = API_URL;
    script.onerror = function () {
      bridge.api_failed("could not load the YouTube player script");
    };
    document.head.appendChild(script);
  }

  new QWebChannel(qt.webChannelTransport, function (channel) {
    bridge = channel.objects.bridge;
    bridge.do_load.connect(load);
    bridge.do_seek.connect(whenReady(function (seconds) {
      player.seekTo(seconds, true);
      reportProgress();
    }));
    bridge.do_play.connect(whenReady(function () { player.playVideo(); }));
    bridge.do_pause.connect(whenReady(function () { player.pauseVideo(); }));
    bridge.do_rate.connect(whenReady(function (rate) { player.setPlaybackRate(rate); }));
    bridge.do_volume.connect(whenReady(function (volume) { player.setVolume(volume); }));
    bridge.do_mute.connect(whenReady(function (muted) {
      if (muted) {
        player.mute();
      } else {
        player.unMute();
      }
    }));
    loadApi();
    bridge.page_ready();
  });
})();
