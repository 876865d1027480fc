# SPDX-License-Identifier: MIT
# Helpers of the robustness tests; source after testlib.sh and e2e_lib.sh.
#   settled_fd_count       the server's open descriptors once the port probes
#                          of lal_start have ended (one connection per port)
#   peak_rss_kb SAMPLES    the highest RSS (KiB) of the server over SAMPLES x 50 ms

settled_fd_count() {
  wait_log 10 "the port probes' session ends" "session end: " 2
  fd_count "$LAL_PID"
}

peak_rss_kb() {
  local peak=0 rss i
  for i in $(seq "$1"); do
    rss=$(rss_kb "$LAL_PID")
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.05
  done
  echo "$peak"
}
