# SPDX-License-Identifier: MIT
# RTSP helpers of the e2e tests; source after e2e_lib.sh.
#   rtsp_start [JSON]      lal_start with the RTSP service on a free loopback port and a
#                          UDP port range of its own (JSON merged over that); sets
#                          RTSP_PORT and RTSP_BASE (rtsp://127.0.0.1:$RTSP_PORT)
#   rtsp_probe URL TRANSPORT NAME   ffprobe plays URL over RTSP (tcp or udp) to its end,
#                          decoding every frame; $WORK/NAME.probe holds per stream
#                          "codec,profile,width,height,sample_rate,channels,frames"
#                          (sorted); run it in the background with start_bg
#   stream_line FILE CODEC prints the line of FILE (a .probe) whose codec is CODEC
#   frames_of LINE         the frame count (last field) of a probe line
#   params_of LINE         the line without the frame count
#   file_probe FILE        the same lines for a media file

rtsp_start() {
  local extra=${1:-'{}'}
  RTSP_PORT=$(free_port)
  # A range of 100 ports of its own, so test servers that run at once rarely
  # meet; a pair someone holds is skipped by the server anyway.
  local udp_min=$((40000 + (RANDOM % 200) * 100))
  local rtsp
  rtsp=$(python3 - "$RTSP_PORT" "$udp_min" "$extra" <<'PY'
import json, sys
base = {"rtsp": {"enable": True, "addr": "127.0.0.1:" + sys.argv[1],
                 "udp_port_min": int(sys.argv[2]), "udp_port_max": int(sys.argv[2]) + 99}}
extra = json.loads(sys.argv[3])
for k, v in extra.items():
    if isinstance(v, dict):
        base.setdefault(k, {}).update(v)
    else:
        base[k] = v
print(json.dumps(base))
PY
)
  lal_start "$rtsp"
  wait_port "$RTSP_PORT" 30
  RTSP_BASE="rtsp://127.0.0.1:$RTSP_PORT"
}

rtsp_probe() {
  local url=$1 transport=$2 name=$3
  ffprobe -v error -rtsp_transport "$transport" -count_frames \
    -show_entries stream=codec_name,profile,width,height,sample_rate,channels,nb_read_frames \
    -of csv=p=0 "$url" >"$WORK/$name.probe.tmp" || return 1
  sort "$WORK/$name.probe.tmp" >"$WORK/$name.probe"
}

file_probe() {
  ffprobe -v error -count_frames \
    -show_entries stream=codec_name,profile,width,height,sample_rate,channels,nb_read_frames \
    -of csv=p=0 "$1" | sort
}

stream_line() { grep "^$2," "$1" || true; }

frames_of() { echo "${1##*,}"; }

params_of() { echo "${1%,*}"; }
