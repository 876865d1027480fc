#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the .deb with `cpack -G DEB` into WORK and checks it with dpkg-deb:
# the server and tools in /usr/bin, the config as a conffile in /etc/lal, the
# systemd unit, no headers or static libraries; the control fields (name,
# version, architecture, Depends from dpkg-shlibdeps) and the maintainer
# scripts; the unit runs lal with the packaged config; the packaged config
# is the one in the repository and lal accepts it.
set -euo pipefail
fail() { echo "FAIL: $*"; exit 1; }
[ -n "${WORK:-}" ] || fail "WORK is not set"
rm -rf "$WORK" && mkdir -p "$WORK"

start=$(date +%s)
(cd "$WORK" && cpack -G DEB --config "$BUILD_DIR/CPackConfig.cmake" -B "$WORK") >"$WORK/cpack.log" 2>&1 ||
  fail "cpack failed: $(tail -20 "$WORK/cpack.log")"
echo "cpack took $(( $(date +%s) - start )) s"
arch=$(dpkg --print-architecture)
deb="$WORK/lal_${LAL_VERSION}_${arch}.deb"
[ -f "$deb" ] || fail "no $deb: $(ls "$WORK")"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$WORK/files.txt"
echo "files:"; grep -v '/$' "$WORK/files.txt" | sed 's/^/  /'
for f in /usr/bin/lal /usr/bin/flvfile2rtmppush /usr/bin/rtmppull /usr/bin/httpflvpull /etc/lal/lal.conf.json \
         /usr/lib/systemd/system/lal.service /usr/share/doc/lal/README.md; do
  grep -qx "$f" "$WORK/files.txt" || fail "$f is not in the package"
done
! grep -Eq '^/usr/(include|lib/[^/]*/cmake|lib/.*\.a$)' "$WORK/files.txt" || fail "developer files in the package: $(grep -E '^/usr/(include|lib/.*cmake|lib/.*\.a$)' "$WORK/files.txt" | head -3)"
mode=$(dpkg-deb -c "$deb" | awk '$6 == "./usr/bin/lal" {print $1}')
[ "$mode" = "-rwxr-xr-x" ] || fail "/usr/bin/lal has mode $mode"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = lal ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$LAL_VERSION" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends=$(field Depends)
echo "Depends: $depends"
echo "$depends" | grep -q 'libc6' || fail "Depends does not name libc6: $depends"
echo "$depends" | grep -q 'libstdc++6' || fail "Depends does not name libstdc++6: $depends"

mkdir -p "$WORK/control" "$WORK/root"
dpkg-deb -e "$deb" "$WORK/control"
grep -qx /etc/lal/lal.conf.json "$WORK/control/conffiles" || fail "the config is not a conffile"
for s in postinst prerm postrm; do [ -x "$WORK/control/$s" ] || fail "no executable $s"; done

dpkg-deb -x "$deb" "$WORK/root"
unit="$WORK/root/usr/lib/systemd/system/lal.service"
grep -qx 'ExecStart=/usr/bin/lal -c /etc/lal/lal.conf.json' "$unit" || fail "ExecStart: $(grep ExecStart "$unit")"
grep -qx 'Restart=on-failure' "$unit" || fail "no Restart=on-failure"
grep -qx 'Type=simple' "$unit" || fail "no Type=simple"
cmp -s "$WORK/root/etc/lal/lal.conf.json" "$SOURCE_DIR/conf/lal.conf.json" || fail "the packaged config differs from conf/"
# The packaged binary reads the packaged config (--dump-config parses it and exits).
"$WORK/root/usr/bin/lal" -c "$WORK/root/etc/lal/lal.conf.json" --dump-config >"$WORK/dump.json" ||
  fail "lal refuses the packaged config"
"$WORK/root/usr/bin/lal" --version | grep -q "$LAL_VERSION" || fail "lal --version: $("$WORK/root/usr/bin/lal" --version)"
if command -v systemd-analyze >/dev/null; then
  # Verified with ExecStart pointing at the extracted binary (verify wants it to exist).
  sed "s|/usr/bin/lal|$WORK/root/usr/bin/lal|" "$unit" >"$WORK/lal.service"
  systemd-analyze verify "$WORK/lal.service" 2>&1 | tee "$WORK/verify.log"
  [ ! -s "$WORK/verify.log" ] || fail "systemd-analyze verify reports problems"
fi
echo PASS
