// Stand-in for https://www.youtube.com/iframe_api (tests only).
// Defines YT.Player like the real API: it attaches to an existing iframe (or creates
// one from videoId/playerVars, with the referrer policy YouTube asks for), reports
// onReady once the embed has loaded, and records every API call in
// window.__standin.calls as {name, args}. Tests drive it with __standin.fireError(code).
"use strict";

(function () {
  const DURATION = 600;  // seconds: every stand-in video is 10:00 long
  const standin = { calls: [], players: [] };
  window.__standin = standin;

  standin.fireError = function (code) {
    standin.players.forEach(function (p) { p._fire("onError", code); });
  };

  function Player(target, options) {
    this._options = options || {};
    this._state = -1;
    this._time = 0;
    this._rate = 1;
    let frame = typeof target === "string" ? document.getElementById(target) : target;
    if (frame.tagName !== "IFRAME") {
      const vars = new URLSearchParams(this._options.playerVars || {});
      vars.set("enablejsapi", "1");
      const created = document.createElement("iframe");
      created.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      created.src = "https://www.youtube.com/embed/" +
        encodeURIComponent(this._options.videoId || "") + "?" + vars.toString();
      frame.replaceWith(created);
      frame = created;
    }
    this._frame = frame;
    standin.players.push(this);
    const self = this;
    frame.addEventListener("load", function () {
      self._state = 5;
      self._fire("onReady");
    }, { once: true });
  }

  Player.prototype._record = function (name, args) {
    standin.calls.push({ name: name, args: Array.prototype.slice.call(args) });
  };
  Player.prototype._fire = function (name, data) {
    const handler = (this._options.events || {})[name];
    if (handler) {
      handler({ target: this, data: data });
    }
  };
  Player.prototype._setState = function (state) {
    this._state = state;
    this._fire("onStateChange", state);
  };
  Player.prototype.seekTo = function (seconds) {
    this._record("seekTo", arguments);
    this._time = seconds;
  };
  Player.prototype.playVideo = function () {
    this._record("playVideo", arguments);
    this._setState(1);
  };
  Player.prototype.pauseVideo = function () {
    this._record("pauseVideo", arguments);
    this._setState(2);
  };
  Player.prototype.loadVideoById = function () {
    this._record("loadVideoById", arguments);
    this._time = (arguments[0] && arguments[0].startSeconds) || 0;
    this._setState(1);
  };
  Player.prototype.cueVideoById = function () {
    this._record("cueVideoById", arguments);
    this._time = (arguments[0] && arguments[0].startSeconds) || 0;
    this._setState(5);
  };
  Player.prototype.setPlaybackRate = function (rate) {
    this._record("setPlaybackRate", arguments);
    this._rate = rate;
  };
  ["setVolume", "mute", "unMute", "destroy"].forEach(function (name) {
    Player.prototype[name] = function () { this._record(name, arguments); };
  });
  Player.prototype.getCurrentTime = function () { return this._time; };
  Player.prototype.getDuration = function () { return DURATION; };
  Player.prototype.getPlayerState = function () { return this._state; };
  Player.prototype.getPlaybackRate = function () { return this._rate; };

  window.YT = {
    Player: Player,
    PlayerState: { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 },
  };
  // Like the real API, announce readiness asynchronously.
  window.setTimeout(function () {
    if (typeof window.onYouTubeIframeAPIReady === "function") {
      window.onYouTubeIframeAPIReady();
    }
  }, 0);
})();
