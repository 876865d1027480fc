// SPDX-License-Identifier: MIT
// The MoQT check's page script, bundled with esbuild (install_players.sh) into
// moq_watch.js: @moq/watch's <moq-watch> element plays NAME from the server's
// WebTransport URL, trusting its self-signed certificate by hash
// (serverCertificateHashes), and after MS milliseconds the page posts to
// /report what happened: the WebTransport protocol and MoQT version
// negotiated, the catalog the player read, and the video frames and audio
// data WebCodecs decoded (the player is unmuted: it subscribes to audio only
// when it would play it). Query: url, name, hash (hex SHA-256 of the
// certificate's DER), ms (when to report at the latest), video_us,
// video_frames, audio_us and audio_frames (report as soon as that many
// decoded video frames and audio data span that much), and discovery=0 to
// skip SUBSCRIBE_NAMESPACE.
import "@moq/watch/element";

const q = new URLSearchParams(location.search);
const ms = Number(q.get("ms") || "6000");
const state = {protocol: null, version: null, catalog: null, width: 0, height: 0, audioSampleRate: 0, audioChannels: 0,
               videoFrames: 0, videoFirst: null, videoLast: null, audioFrames: 0, audioFirst: null, audioLast: null,
               errors: []};
// One more decoded video frame or audio data of `kind` at `timestamp` (µs).
function tally(kind, timestamp) {
  state[kind + "Frames"]++;
  if (state[kind + "First"] === null) state[kind + "First"] = timestamp;
  state[kind + "Last"] = timestamp;
}

// Count what the decoders really output, whichever part of the player made them.
function counting(Real, kind, count) {
  return class extends Real {
    constructor(init) {
      super({
        ...init,
        output: (out) => {
          count(out);
          init.output(out);
        },
        error: (e) => {
          state.errors.push(kind + " decoder: " + e);
          init.error(e);
        },
      });
    }
  };
}
globalThis.VideoDecoder = counting(globalThis.VideoDecoder, "video", (frame) => {
  [state.width, state.height] = [frame.displayWidth, frame.displayHeight];
  tally("video", frame.timestamp);
});
if (globalThis.AudioDecoder) {
  globalThis.AudioDecoder = counting(globalThis.AudioDecoder, "audio", (data) => {
    [state.audioSampleRate, state.audioChannels] = [data.sampleRate, data.numberOfChannels];
    tally("audio", data.timestamp);
  });
}
// The session's negotiated WebTransport protocol (moqt-20 when the server picked it).
const RealWebTransport = globalThis.WebTransport;
globalThis.WebTransport = class extends RealWebTransport {
  constructor(url, options) {
    super(url, options);
    this.ready.then(() => { state.protocol = this.protocol ?? null; }, (e) => state.errors.push("WebTransport: " + e));
  }
};
window.addEventListener("error", (e) => state.errors.push(String(e.message)));
// The player reports catalog and subscription trouble on the console.
for (const level of ["warn", "error"]) {
  const real = console[level].bind(console);
  console[level] = (...args) => {
    state.errors.push(level + ": " + args.map(String).join(" "));
    real(...args);
  };
}
window.addEventListener("unhandledrejection", (e) => state.errors.push("rejection: " + e.reason));

const el = document.createElement("moq-watch");
// Before the URL is set: the connection reads these when it connects.
el.connection.webtransport = {serverCertificateHashes: [{algorithm: "sha-256", value: q.get("hash")}]};
el.connection.websocket = {enabled: false};
if (q.get("discovery") === "0") el.connection.discovery = false;  // subscribe without SUBSCRIBE_NAMESPACE
el.setAttribute("visible", "always");
el.appendChild(document.createElement("canvas"));
document.body.appendChild(el);
el.setAttribute("name", q.get("name"));
el.setAttribute("url", q.get("url"));

function report() {
  const conn = el.connection.established.peek();
  if (conn && conn.version !== undefined) state.version = Number(conn.version);
  const catalog = el.broadcast.out.catalog.peek();
  if (catalog) state.catalog = catalog;
  fetch("/report", {method: "POST", body: JSON.stringify(state)});
}
// Report once enough has been decoded, or at `ms`.
const want = (name) => Number(q.get(name) || "Infinity");
const started = performance.now();
const poll = setInterval(() => {
  const video = (state.videoLast ?? 0) - (state.videoFirst ?? 0);
  const audio = (state.audioLast ?? 0) - (state.audioFirst ?? 0);
  const enough = video >= want("video_us") && state.videoFrames >= want("video_frames") &&
                 audio >= want("audio_us") && state.audioFrames >= want("audio_frames");
  if (enough || performance.now() - started >= ms) {
    clearInterval(poll);
    report();
  }
}, 100);
