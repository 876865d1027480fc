#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the browser players from the npm registry (pinned versions) into
# NPM_DIR once, and copies their browser builds into DEST:
#   install_players.sh NPM_DIR DEST   -> DEST/mpegts.js, DEST/hls.js
# Used by e2e.browser and ctrl.console (which serves DEST as
# http_api.console_js_dir); never writes into the repository.
set -euo pipefail
npm_dir=$1 dest=$2
mpegts_version=1.8.2
hlsjs_version=1.7.4
mkdir -p "$npm_dir" "$dest"
# Tests running in parallel share NPM_DIR: one npm at a time in it (two
# installs into one node_modules at once fail or leave it half written).
exec 9>"$npm_dir/.install.lock"
flock 9
[ -f "$npm_dir/package.json" ] || echo '{"name": "lal-browser-check", "private": true}' >"$npm_dir/package.json"
# npm_get PACKAGE VERSION FILE: installs PACKAGE@VERSION once, copies its FILE into DEST.
npm_get() {
  if [ ! -f "$npm_dir/node_modules/$1/$3" ] || ! grep -q "\"version\": \"$2\"" "$npm_dir/node_modules/$1/package.json"; then
    if ! (cd "$npm_dir" && npm install --silent --no-audit --no-fund "$1@$2") >"$dest/npm.log" 2>&1; then
      echo "npm install $1@$2 failed: $(tail -5 "$dest/npm.log")" >&2
      exit 1
    fi
  fi
  cp "$npm_dir/node_modules/$1/$3" "$dest/"
}
npm_get mpegts.js "$mpegts_version" dist/mpegts.js
npm_get hls.js "$hlsjs_version" dist/hls.js
