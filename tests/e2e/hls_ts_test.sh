#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# HTTP-TS, WS-TS and HLS from one server with httpts and hls on (1 s fragments).
# ffmpeg publishes three streams at once: live/av (H.264+AAC, 10 s), live/v
# (H.264 only, published twice in a row: a republish) and live/a (AAC only).
# - HTTP-TS: ffmpeg and curl, there before the publishers, save what they get:
#   every frame of the source (ffprobe's frame counts), the source's codec
#   parameters, strictly increasing timestamps without gaps; the raw bytes start
#   with PAT+PMT. WS-TS (same URL with an upgrade) gives a TS ffprobe reads.
# - HLS under the three URL forms (/hls/<s>.m3u8, /hls/<s>/playlist.m3u8,
#   /<app>/<s>.m3u8): a poller saves every playlist fetch and each new segment
#   once over one kept-alive connection, checking the headers (no-cache
#   playlists, cacheable segments, CORS); hlscheck passes every fetch sequence
#   (RFC 8216), the republish gives one EXT-X-DISCONTINUITY, the end
#   EXT-X-ENDLIST; each segment alone starts with PAT and PMT, ffprobe reads
#   it without an error and, with video, its first video frame is a key frame.
#   ffmpeg reads the live HLS of each stream from its first segment: every
#   frame (live/v: of both publishes), the source's parameters, a clean
#   timeline.
# - An HTTP-TS player joining live/av mid-stream starts at the cached key
#   frame (its first video frame, ffprobe -show_frames).
# - Unknown streams and segments: 404; HEAD of a playlist: its head only.
# - With use_memory_as_disk_flag off, out_path holds the same segments and the
#   final playlists.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

lal_start '{"httpts": {"enable": true}, "hls": {"enable": true, "fragment_duration_ms": 1000, "fragment_num": 4,
            "delete_threshold": 4, "use_memory_as_disk_flag": false, "cleanup_mode": 0,
            "out_path": "'"$WORK"'/files/"}, "stream": {"wait_publisher_ms": 6000}}'
H="http://127.0.0.1:$HTTP_PORT"
R="rtmp://127.0.0.1:$RTMP_PORT"
av_src="$MEDIA_DIR/h264_aac_10s.flv"
v_src="$MEDIA_DIR/h264_only_5s.flv"
a_src="$MEDIA_DIR/aac_only_5s.flv"

# ffprobe lists a TS's streams twice (in the program and alone): once each.
probe_ts() { probe "$1" | grep . | sort -u; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
for path in /hls/nosuch.m3u8 /hls/nosuch/playlist.m3u8 /hls/nosuch/record.m3u8 /live/nosuch.m3u8 \
            /hls/nosuch-1-2.ts /hls/nosuch/nosuch-1-2.ts /live/nosuch-1-2.ts; do
  [ "$(status "$H$path")" = 404 ] || fail "$path: expected 404"
done
# HTTP-TS of a stream nobody publishes: 404 once wait_publisher_ms passed.
start_bg nosuch_ts curl -s -o /dev/null -w '%{http_code}' "$H/live/nosuch.ts"
nosuch_ts=$LAST_PID

# HTTP-TS players, there before the publishers.
for s in av v a; do
  start_bg "ts_$s" ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
    -i "$H/live/$s.ts" -c copy -f mpegts "$WORK/ts_$s.ts"
  eval "ts_$s=\$LAST_PID"
done
start_bg raw_av curl -s -o "$WORK/raw_av.ts" "$H/live/av.ts"
raw_av=$LAST_PID
wait_log 30 "4 HTTP-TS players" "\[httpts\] play start: .* stream=live/(av|v|a) " 4

start_bg pub_av ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$av_src" -c copy -f flv "$R/live/av"
pub_av=$LAST_PID
start_bg pub_v bash -c "ffmpeg -nostdin -hide_banner -loglevel warning -re -i '$v_src' -c copy -f flv '$R/live/v' &&
  ffmpeg -nostdin -hide_banner -loglevel warning -re -i '$v_src' -c copy -f flv '$R/live/v'"
pub_v=$LAST_PID
start_bg pub_a ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$a_src" -c copy -f flv "$R/live/a"
pub_a=$LAST_PID

start_bg poll_av python3 "$E2E_TOOLS/hls_poll.py" "$H/hls/av.m3u8" "$WORK/hls_av" 40
poll_av=$LAST_PID
start_bg poll_v python3 "$E2E_TOOLS/hls_poll.py" "$H/hls/v/playlist.m3u8" "$WORK/hls_v" 40
poll_v=$LAST_PID
start_bg poll_a python3 "$E2E_TOOLS/hls_poll.py" "$H/live/a.m3u8" "$WORK/hls_a" 40
poll_a=$LAST_PID
# WS-TS: the same URL with a WebSocket upgrade, 3 s of it.
start_bg ws_av "$WSFLV_FETCH" "$H/live/av.ts" "$WORK/ws_av.ts" 3
ws_av=$LAST_PID

# ffmpeg plays the live HLS of each stream from its first segment once it is listed.
for s in av v a; do
  wait_for 20 "the first segment of live/$s" bash -c "curl -sf '$H/hls/$s/playlist.m3u8' | grep -q '\.ts$'"
  start_bg "hls_ffmpeg_$s" ffmpeg -nostdin -hide_banner -loglevel warning -live_start_index 0 \
    -i "$H/hls/$s/playlist.m3u8" -c copy -f mpegts "$WORK/hls_ffmpeg_$s.ts"
  eval "hls_ffmpeg_$s=\$LAST_PID"
done
# An HTTP-TS player joining live/av mid-stream (its first segment is out) for 2 s.
start_bg mid_av curl -s --max-time 2 -o "$WORK/mid_av.ts" "$H/live/av.ts"
mid_av=$LAST_PID
# HEAD: the playlist's head, no body.
head=$(curl -s -I "$H/hls/av.m3u8")
echo "$head" | grep -q "^HTTP/1.1 200" || fail "HEAD of a playlist: $head"
echo "$head" | grep -qi "^Content-Length: [1-9]" || fail "HEAD without Content-Length: $head"

for pid in "$pub_av" "$pub_v" "$pub_a"; do
  wait_exit "$pid" 40 || fail "a publisher failed: $(cat "$WORK"/pub_*.log)"
done
wait_exit "$ws_av" 20 || fail "WS-TS fetch failed: $(cat "$WORK/ws_av.log")"
for p in poll_av poll_v poll_a; do
  code=0
  wait_exit "${!p}" 40 || code=$?
  cat "$WORK/$p.log"
  [ "$code" = 0 ] || fail "$p failed"
done
for p in ts_av ts_v ts_a raw_av hls_ffmpeg_av hls_ffmpeg_v hls_ffmpeg_a mid_av; do
  wait_exit "${!p}" 30 || echo "$p exited $?"
done
wait_exit "$nosuch_ts" 20 || true
[ "$(cat "$WORK/nosuch_ts.log")" = 404 ] || fail "HTTP-TS of an unknown stream: $(cat "$WORK/nosuch_ts.log")"

params() { probe_ts "$1" | sed 's/,[0-9]*$//'; }
# HTTP-TS: every frame of the source with its parameters (the republished
# H.264-only stream twice), a clean timeline.
for s in av a; do
  src_var="${s}_src"
  expected=$(probe "${!src_var}")
  got=$(probe_ts "$WORK/ts_$s.ts")
  echo "ts_$s: $(echo $got)"
  [ "$got" = "$expected" ] || fail "HTTP-TS live/$s differs from the source: $(echo $expected)"
  python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/ts_$s.ts" || fail "HTTP-TS live/$s timeline"
done
[ "$(params "$WORK/ts_v.ts")" = "$(params "$v_src")" ] || fail "HTTP-TS live/v parameters"
v_frames=$(probe "$v_src" | sed 's/.*,//')
[ "$(probe_ts "$WORK/ts_v.ts" | sed 's/.*,//')" = $((2 * v_frames)) ] || fail "HTTP-TS live/v: not every frame of both publishes"
python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/ts_v.ts" || fail "HTTP-TS live/v timeline across the republish"
# The raw bytes: PAT then PMT first, the same frames.
[ "$(head -c 4 "$WORK/raw_av.ts" | od -An -tx1 | tr -d ' \n' | cut -c1-6)" = 474000 ] || fail "HTTP-TS does not start with the PAT"
[ "$(probe_ts "$WORK/raw_av.ts")" = "$(probe "$av_src")" ] || fail "raw HTTP-TS differs from the source"
[ -n "$(params "$WORK/ws_av.ts")" ] && [ "$(params "$WORK/ws_av.ts")" = "$(params "$av_src")" ] ||
  fail "WS-TS: $(params "$WORK/ws_av.ts")"

# The mid-stream HTTP-TS player starts at the cached key frame (the GOP cache,
# httpts.gop_num 1): its first video frame is a key frame.
first=$(ffprobe -v error -select_streams v -show_frames -show_entries frame=key_frame,pts -of csv=p=0 \
  -read_intervals "%+#1" "$WORK/mid_av.ts" | sed -n 1p)
echo "mid-stream HTTP-TS player's first video frame (key_frame,pts): $first"
[ "${first%%,*}" = 1 ] || fail "the mid-stream HTTP-TS player's first video frame is not a key frame: $first"
python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/mid_av.ts" || fail "the mid-stream HTTP-TS player's timeline"

# HLS read by ffmpeg from the first segment: every frame, the source's
# parameters (live/v: both publishes, across the discontinuity).
got=$(probe_ts "$WORK/hls_ffmpeg_av.ts")
echo "hls ffmpeg av: $(echo $got)"
[ "$got" = "$(probe "$av_src")" ] || fail "HLS of live/av through ffmpeg differs from the source"
for s in av a v; do
  python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/hls_ffmpeg_$s.ts" || fail "HLS live/$s timeline"
done
# live/a: audio that came while the segmenter waited to learn there is no
# video starts the first segment, so ffmpeg gets every frame of the source.
got=$(probe_ts "$WORK/hls_ffmpeg_a.ts")
echo "hls ffmpeg a: $(echo $got)"
[ "$got" = "$(probe "$a_src")" ] || fail "HLS of live/a through ffmpeg differs from the source: $(echo $got) against $(echo $(probe "$a_src"))"
echo "hls ffmpeg v: $(echo $(probe_ts "$WORK/hls_ffmpeg_v.ts"))"
[ "$(params "$WORK/hls_ffmpeg_v.ts")" = "$(params "$v_src")" ] || fail "HLS live/v parameters"
[ "$(probe_ts "$WORK/hls_ffmpeg_v.ts" | sed 's/.*,//')" = $((2 * v_frames)) ] ||
  fail "HLS live/v through ffmpeg: not every frame of both publishes"

# Every playlist fetch passes the RFC 8216 checker.
check_fetches() {
  local dir=$1
  shift
  "$HLSCHECK" "$@" "$dir"/fetch_*.m3u8 >"$dir/hlscheck.out" 2>&1 || { cat "$dir/hlscheck.out"; fail "hlscheck: $dir"; }
  tail -1 "$dir/hlscheck.out"
}
check_fetches "$WORK/hls_av" --ended --min-segments 8
check_fetches "$WORK/hls_a" --ended --min-segments 3
summary=$(check_fetches "$WORK/hls_v" --ended --min-segments 8)
echo "$summary" | grep -q "discontinuities=1" || fail "the republish of live/v: $summary"
grep -q "^#EXT-X-DISCONTINUITY$" "$WORK/hls_v"/fetch_*.m3u8 || fail "no EXT-X-DISCONTINUITY in live/v"

# Each segment alone: PAT, PMT, readable, a key frame first with video.
for s in av v a; do
  n=0
  for seg in "$WORK/hls_$s"/segments/*.ts; do
    pids=$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(376); print(((d[1]&31)<<8|d[2]), ((d[189]&31)<<8|d[190]), d[0], d[188])" "$seg")
    [ "$pids" = "0 4096 71 71" ] || fail "$seg does not start with PAT and PMT: $pids"
    errors=$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$seg" 2>&1 >/dev/null)
    [ -z "$errors" ] || fail "$seg: ffprobe: $errors"
    if [ "$s" != a ]; then
      flags=$(ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 -read_intervals "%+#1" "$seg")
      case "$flags" in K*) ;; *) fail "$seg: the first video frame is not a key frame ($flags)" ;; esac
    fi
    n=$((n + 1))
  done
  echo "hls $s: $n segments checked alone"
  [ "$n" -ge 3 ] || fail "too few segments of live/$s"
done

# The files under out_path (cleanup_mode 0: all kept): the segments players
# got, byte for byte, and the final playlists.
for s in av v a; do
  for seg in "$WORK/hls_$s"/segments/*.ts; do
    cmp -s "$seg" "$WORK/files/$s/$(basename "$seg")" || fail "file of $(basename "$seg") differs from what was served"
  done
  tail -1 "$WORK/files/$s/playlist.m3u8" | grep -q "^#EXT-X-ENDLIST" || fail "files/$s/playlist.m3u8 has no end"
  grep -q "^#EXT-X-PLAYLIST-TYPE:VOD" "$WORK/files/$s/record.m3u8" || fail "files/$s/record.m3u8 is not VOD"
done

lal_stop
