# SPDX-License-Identifier: MIT
# The browser player page of the e2e tests; source after testlib.sh, with
# BROWSER_DIR set.
#   page_install           installs the players (from npm, once per build tree) and
#                          player.html into $WORK/page
#   open_page NAME QUERY SECONDS   serves $WORK/page on a free port, opens
#                          player.html?QUERY in headless Chromium, waits up to SECONDS
#                          for its report ($WORK/report_NAME.json), stops both and
#                          prints the report
#   page_start NAME QUERY  the first half of open_page: serves the page and starts Chromium
#                          (with $PAGE_FLAGS added to its flags, opening $PAGE_FILE,
#                          default player.html) without waiting
#   page_finish NAME SECONDS   the second half: waits for the report, stops both, prints it
#   page_src URL           URL percent-encoded for the page's src= parameter

page_install() {
  mkdir -p "$WORK/page"
  "$BROWSER_DIR/install_players.sh" "$(dirname "$WORK")/browser-npm" "$WORK/page" || fail "installing the players from npm failed"
  cp "$BROWSER_DIR/player.html" "$WORK/page/"
}

page_src() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

open_page() {
  page_start "$1" "$2"
  page_finish "$1" "$3"
}

page_start() {
  local name=$1 query=$2 page_port
  page_port=$(free_port)
  # Not a port of the servers under test.
  while [ "$page_port" = "${RTMP_PORT:-}" ] || [ "$page_port" = "${HTTP_PORT:-}" ] || [ "$page_port" = "${HTTPS_PORT:-}" ]; do
    page_port=$(free_port)
  done
  start_bg "page_$name" python3 "$BROWSER_DIR/page_server.py" "$page_port" "$WORK/page" "$WORK/report_$name.json"
  PAGE_SERVER_PID=$LAST_PID
  wait_port "$page_port" 10
  # shellcheck disable=SC2086  # PAGE_FLAGS: several flags
  start_bg "chromium_$name" chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-quic --user-data-dir="$WORK/profile_$name" \
    --ignore-certificate-errors --autoplay-policy=no-user-gesture-required ${PAGE_FLAGS:-} \
    "http://127.0.0.1:$page_port/${PAGE_FILE:-player.html}?$query"
  PAGE_CHROMIUM_PID=$LAST_PID
}

page_finish() {
  local name=$1 seconds=$2
  wait_for "$seconds" "the page's report ($name)" test -s "$WORK/report_$name.json"
  stop_pid "$PAGE_CHROMIUM_PID" TERM
  stop_pid "$PAGE_SERVER_PID" TERM
  echo "$name:"
  cat "$WORK/report_$name.json"; echo
}
