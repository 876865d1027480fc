// SPDX-License-Identifier: MIT
#include "console_page.hpp"

#include <nlohmann/json.hpp>

namespace lal::server {
namespace {

// The page. Stream names reach the DOM through textContent only, never as
// markup. A preview keeps playing across refreshes; it ends when its stream does.
constexpr std::string_view page_template = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lal console</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; background: #fafafa; }
  h1 { font-size: 1.4em; margin: 0 0 .2em; }
  #info, #note { color: #666; margin-bottom: 1em; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { border: 1px solid #ddd; padding: .4em .6em; text-align: left; vertical-align: top; }
  th { background: #eee; }
  video { width: 320px; height: 180px; background: #000; display: block; }
  button { margin: .3em .3em 0 0; }
  button:disabled { font-weight: bold; color: #000; }
  .error { color: #b00; }
</style>
</head>
<body>
<h1>lal console</h1>
<div id="info">connecting…</div>
<div id="note"></div>
<table>
  <thead><tr><th>stream</th><th>video</th><th>audio</th><th>bitrate</th><th>fps</th><th>players</th><th>publisher</th><th>preview</th></tr></thead>
  <tbody id="streams"><tr id="empty"><td colspan="8">no live stream</td></tr></tbody>
</table>
<script>window.LAL_CONSOLE = @CONFIG@;</script>
<script src="console/mpegts.js"></script>
<script src="console/hls.js"></script>
<script>
"use strict";
const cfg = window.LAL_CONSOLE;
const token = new URLSearchParams(location.search).get("token");
const rows = new Map();  // stream name -> {tr, cells, video, player}

function api(path) {
  const url = path + (token ? (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : "");
  return fetch(url, {cache: "no-store"}).then(r => r.json());
}

function mediaBase(port) {
  return location.protocol + "//" + (location.hostname.includes(":") ? "[" + location.hostname + "]" : location.hostname) + ":" + port;
}

function flvUrl(g) { return mediaBase(cfg.httpflv_port) + "/" + encodeURIComponent(g.app_name || "live") + "/" + encodeURIComponent(g.stream_name) + ".flv"; }
function hlsUrl(g) { return mediaBase(cfg.httpflv_port) + cfg.hls_url_pattern + encodeURIComponent(g.stream_name) + ".m3u8"; }

function stopPreview(row) {
  if (row.player) { try { row.player.destroy(); } catch (e) {} row.player = null; }
  row.video.removeAttribute("src");
  row.video.load();
  row.video.dataset.kind = "";
}

function preview(row, kind) {
  stopPreview(row);
  const v = row.video, g = row.group;
  v.dataset.kind = kind;
  row.note.textContent = "";
  // The button of the preview showing is pressed (disabled) until another is chosen.
  for (const b of row.buttons) { b.disabled = b.dataset.kind === kind; }
  if (kind === "flv" && window.mpegts && mpegts.isSupported()) {
    row.player = mpegts.createPlayer({type: "flv", isLive: true, url: flvUrl(g)}, {enableStashBuffer: false, liveBufferLatencyChasing: true});
    row.player.attachMediaElement(v);
    row.player.load();
    row.player.play();
  } else if (kind === "hls" && window.Hls && Hls.isSupported()) {
    row.player = new Hls({liveDurationInfinity: true});
    row.player.loadSource(hlsUrl(g));
    row.player.attachMedia(v);
    v.play().catch(() => {});
  } else if (kind === "hls" && v.canPlayType("application/vnd.apple.mpegurl")) {
    v.src = hlsUrl(g);
    v.play().catch(() => {});
  } else {
    row.note.textContent = "no " + kind.toUpperCase() + " player (see http_api.console_js_dir)";
    v.dataset.kind = "";
  }
}

function text(td, s) { td.textContent = s; }

function addRow(g) {
  const tr = document.createElement("tr");
  tr.dataset.stream = g.stream_name;
  const cells = [];
  for (let i = 0; i < 7; ++i) { cells.push(tr.insertCell()); }
  const td = tr.insertCell();
  const video = document.createElement("video");
  video.muted = true; video.autoplay = true; video.playsInline = true;
  video.dataset.stream = g.stream_name;
  const note = document.createElement("div");
  note.className = "error";
  td.append(video);
  const row = {tr, cells, video, note, player: null, group: g, buttons: []};
  for (const kind of ["flv", "hls"]) {
    if (!cfg[kind]) continue;
    const b = document.createElement("button");
    b.textContent = kind.toUpperCase();
    b.dataset.kind = kind;
    row.buttons.push(b);
    b.onclick = () => preview(row, kind);
    td.append(b);
  }
  td.append(note);
  document.getElementById("streams").append(tr);
  rows.set(g.stream_name, row);
  if (cfg.flv) preview(row, "flv"); else if (cfg.hls) preview(row, "hls");
  return row;
}

function show(groups) {
  const live = new Set();
  for (const g of groups) {
    if (!g.pub && !g.pull) continue;
    live.add(g.stream_name);
    const row = rows.get(g.stream_name) || addRow(g);
    row.group = g;
    const src = g.pub || g.pull;
    const fps = (g.in_frame_per_sec || []).slice(-1)[0];
    text(row.cells[0], (g.app_name ? g.app_name + "/" : "") + g.stream_name);
    text(row.cells[1], g.video_codec ? g.video_codec + " " + g.video_width + "x" + g.video_height : "–");
    text(row.cells[2], g.audio_codec || "–");
    text(row.cells[3], src.bitrate_kbits + " kbit/s");
    text(row.cells[4], fps ? String(fps.v) : "–");
    text(row.cells[5], String((g.subs || []).length));
    text(row.cells[6], src.protocol + " " + src.remote_addr);
  }
  for (const [name, row] of rows) {
    if (live.has(name)) continue;
    stopPreview(row);
    row.tr.remove();
    rows.delete(name);
  }
  document.getElementById("empty").hidden = rows.size > 0;
}

function refresh() {
  api("/api/stat/all_group").then(j => {
    if (j.error_code !== 0) throw new Error(j.desp);
    show(j.data.groups || []);
  }).catch(e => { document.getElementById("info").textContent = "API error: " + e.message; })
    .finally(() => setTimeout(refresh, 2000));
}

api("/api/stat/lal_info").then(j => {
  const d = j.data || {};
  document.getElementById("info").textContent = "lal " + d.lal_version + " · server_id " + d.server_id +
      " · up since " + new Date(d.start_time.replace(" ", "T")).toLocaleString();
}).catch(e => { document.getElementById("info").textContent = "API error: " + e.message; });
const missing = [];
if (cfg.flv && !window.mpegts) missing.push("mpegts.js");
if (cfg.hls && !window.Hls) missing.push("hls.js");
if (missing.length) document.getElementById("note").textContent = "Previews need " + missing.join(" and ") + " in http_api.console_js_dir.";
refresh();
</script>
</body>
</html>
)html";

}  // namespace

std::string console_page(const config& c) {
    nlohmann::json settings = {
        {"flv", c.httpflv.enable},
        {"hls", c.httpflv.enable && c.hls.enable},  // HLS is served on the HTTP-FLV listener
        {"httpflv_port", 0},
        {"hls_url_pattern", c.hls.url_pattern},
    };
    if (auto a = parse_listen_address(c.httpflv.addr)) settings["httpflv_port"] = a->port;
    // "</" inside a script element would end it early (HTML 4.3.1.2): escape the slash.
    std::string json = settings.dump();
    for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 2)) json.insert(at + 1, "\\");
    std::string page(page_template);
    const std::string_view marker = "@CONFIG@";
    page.replace(page.find(marker), marker.size(), json);
    return page;
}

bool is_console_script(std::string_view name) noexcept { return name == "mpegts.js" || name == "hls.js"; }

}  // namespace lal::server
