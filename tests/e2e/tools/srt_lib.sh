# SPDX-License-Identifier: MIT
# Helpers of the SRT end-to-end tests; source after e2e_lib.sh.
#   srt_lal_start [JSON]     lal_start with SRT on a free UDP port ($SRT_PORT), the HTTP API on a
#                            free port ($API_PORT), players waiting 3 s for a publisher, JSON over that
#   free_udp_port            prints a UDP port that is free on 127.0.0.1
#   srt_url ID [PARAMS]      srt:// URL of the server's SRT port ($SRT_PORT) with stream id ID
#   frames FILE              "codec,type,frames" per stream of a file, sorted (ffprobe counts)
#   srt_end_field STREAM ROLE FIELD   FIELD of the server's last "[srt] session end" line of STREAM and ROLE
#   api_groups               the stream groups of the HTTP API ($API_PORT), one "app/stream pub=PROTO subs=N" a line
#   api_empty                true when the API answers and lists no session (the answer in $WORK/api_end.txt)

srt_lal_start() {
  SRT_PORT=$(free_udp_port)
  API_PORT=$(free_port)
  lal_start "$(python3 - "$SRT_PORT" "$API_PORT" "${1:-"{}"}" <<'EOF'
import json, sys
def merge(base, extra):
    for k, v in extra.items():
        base[k] = merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return base
base = {"srt": {"enable": True, "addr": "127.0.0.1:" + sys.argv[1]},
        "http_api": {"enable": True, "addr": "127.0.0.1:" + sys.argv[2]},
        "stream": {"wait_publisher_ms": 3000}}
print(json.dumps(merge(base, json.loads(sys.argv[3]))))
EOF
)"
}

free_udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

srt_url() { echo "srt://127.0.0.1:$SRT_PORT?streamid=$1${2:+&$2}"; }

frames() {
  ffprobe -v error -count_frames -show_entries stream=codec_name,codec_type,nb_read_frames -of csv=p=0 "$1" | grep . | sort -u
}

srt_end_field() {
  log_since_mark | grep -E "\[srt\] session end: .* role=$2 stream=$1 " | tail -1 | grep -oE " $3=[^ ]*" | cut -d= -f2
}

api_groups() { python3 "$E2E_TOOLS/api_groups.py" "$API_PORT"; }

api_empty() {
  # A stream HLS keeps segments of stays listed, without publisher or players.
  api_groups >"$WORK/api_end.txt" && ! grep -vE " pub= subs=0 *$" "$WORK/api_end.txt"
}
