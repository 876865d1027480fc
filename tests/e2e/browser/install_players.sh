#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the browser players from the npm registry (pinned versions) into
# NPM_DIR once, and copies their browser builds into DEST:
#   install_players.sh NPM_DIR DEST   -> DEST/mpegts.js, DEST/hls.js
#   install_players.sh NPM_DIR DEST MOQ_ENTRY -> also DEST/moq_watch.js: the
#     page script MOQ_ENTRY bundled by esbuild with @moq/watch, whose @moq/net
#     is pinned to the release that speaks moqt-20 (watch's own range, 0.2.x,
#     stops at draft 19), in NPM_DIR/moq
# Used by e2e.browser, e2e.moq and ctrl.console (which serves DEST as
# http_api.console_js_dir); never writes into the repository.
set -euo pipefail
npm_dir=$1 dest=$2 moq_entry=${3:-}
mpegts_version=1.8.2
hlsjs_version=1.7.4
moq_watch_version=0.4.6
moq_net_version=0.3.4
esbuild_version=0.28.2
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

if [ -n "$moq_entry" ]; then
  moq_dir=$npm_dir/moq
  mkdir -p "$moq_dir"
  # One install per pinned set: the package.json names them all, with the override.
  cat >"$moq_dir/package.json.new" <<JSON
{"name": "lal-moq-check", "private": true,
 "dependencies": {"@moq/watch": "$moq_watch_version", "@moq/net": "$moq_net_version", "esbuild": "$esbuild_version"},
 "overrides": {"@moq/net": "$moq_net_version"}}
JSON
  if ! cmp -s "$moq_dir/package.json.new" "$moq_dir/package.json" || [ ! -x "$moq_dir/node_modules/.bin/esbuild" ]; then
    mv "$moq_dir/package.json.new" "$moq_dir/package.json"
    if ! (cd "$moq_dir" && npm install --silent --no-audit --no-fund) >"$dest/npm.log" 2>&1; then
      echo "npm install of @moq/watch failed: $(tail -5 "$dest/npm.log")" >&2
      exit 1
    fi
  fi
  rm -f "$moq_dir/package.json.new"
  if ! NODE_PATH="$moq_dir/node_modules" "$moq_dir/node_modules/.bin/esbuild" "$moq_entry" --bundle --format=esm \
      --log-level=warning --outfile="$dest/moq_watch.js" >"$dest/esbuild.log" 2>&1; then
    echo "bundling $moq_entry failed: $(tail -5 "$dest/esbuild.log")" >&2
    exit 1
  fi
fi
