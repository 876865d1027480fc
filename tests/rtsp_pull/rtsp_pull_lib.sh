# SPDX-License-Identifier: MIT
# Helpers of the RTSP pull tests. Source after testlib.sh and relay_lib.sh.
#   camera_start NAME PORT [camera.py args]   GStreamer's RTSP server as a camera; waits for "ready"
#   proxy_start NAME PORT UPSTREAM [args]     rtsp_proxy.py in front of a camera; waits for "ready"
#   bad_camera_start NAME PORT MODE           bad_camera.py (garbage | silent | badlen)
#   api_post NAME PATH JSON                   POSTs JSON to NAME's HTTP API ($NAME_API), prints the answer
#   record NAME URL OUT SECONDS               ffmpeg copies URL (RTMP or HTTP-FLV) into the FLV OUT
#   probe FILE KIND FIELD                     ffprobe's FIELD (codec_name, width, height, nb_read_frames)
#                                             of the first KIND (v or a) stream of FILE
#   check_media FILE MIN_VIDEO MIN_AUDIO      H.264 320x240 with at least MIN_VIDEO frames, AAC with MIN_AUDIO
PY3=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

has_ready() { grep -q '^ready' "$WORK/$1.log"; }

camera_start() {
  local name=$1 port=$2
  shift 2
  start_bg "$name" "$PY3" "$HERE/camera.py" --port "$port" "$@"
  wait_for 20 "camera $name to listen" has_ready "$name"
}

proxy_start() {
  local name=$1 port=$2 upstream=$3
  shift 3
  start_bg "$name" "$PY3" "$HERE/rtsp_proxy.py" --listen "$port" --upstream "$upstream" "$@"
  wait_for 20 "proxy $name to listen" has_ready "$name"
}

bad_camera_start() {
  start_bg "$1" "$PY3" "$HERE/bad_camera.py" --port "$2" --mode "$3"
  wait_for 20 "bad camera $1 to listen" has_ready "$1"
}

api_post() {
  local var="${1}_API"
  curl -s --max-time 5 -X POST -H 'Content-Type: application/json' -d "$3" "http://127.0.0.1:${!var}$2"
}

api_get() {
  local var="${1}_API"
  curl -s --max-time 5 "http://127.0.0.1:${!var}$2"
}

record() {
  local name=$1 url=$2 out=$3 seconds=$4
  timeout $((seconds + 20)) ffmpeg -nostdin -hide_banner -loglevel error -rw_timeout 5000000 -i "$url" \
    -t "$seconds" -c copy -f flv -y "$out" >"$WORK/$name.log" 2>&1 ||
    fail "ffmpeg could not record $url: $(tail -3 "$WORK/$name.log")"
}

probe() {
  ffprobe -v error -select_streams "$2:0" -count_frames -show_entries "stream=$3" -of csv=p=0 "$1"
}

check_media() {
  local file=$1 min_video=$2 min_audio=$3
  local vcodec size vframes acodec aframes
  vcodec=$(probe "$file" v codec_name)
  size=$(probe "$file" v width,height)
  vframes=$(probe "$file" v nb_read_frames)
  acodec=$(probe "$file" a codec_name)
  aframes=$(probe "$file" a nb_read_frames)
  echo "$(basename "$file"): video $vcodec $size $vframes frames, audio $acodec $aframes frames"
  [ "$vcodec" = h264 ] || fail "$file: video codec '$vcodec', not h264"
  [ "$size" = "320,240" ] || fail "$file: picture $size, not 320x240"
  [ "${vframes:-0}" -ge "$min_video" ] || fail "$file: $vframes video frames, fewer than $min_video"
  [ "$acodec" = aac ] || fail "$file: audio codec '$acodec', not aac"
  [ "${aframes:-0}" -ge "$min_audio" ] || fail "$file: $aframes audio frames, fewer than $min_audio"
}

# Decodes every frame of FILE; fails on any decoder error (-xerror stops at the first).
check_decodes() {
  ffmpeg -nostdin -hide_banner -v error -xerror -i "$1" -f null - >"$WORK/decode.log" 2>&1 ||
    fail "$1 does not decode cleanly: $(head -3 "$WORK/decode.log")"
  [ ! -s "$WORK/decode.log" ] || fail "decoder errors in $1: $(head -3 "$WORK/decode.log")"
}
