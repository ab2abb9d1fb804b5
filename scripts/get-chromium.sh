#!/usr/bin/env bash
# Debian's Chromium for the browser tests (test/browser/, examples/browser/),
# installed when missing; `npm test` runs this first, and so does CI. The
# tests drive it with playwright-core, which downloads no browser of its own.
# Quiet when Chromium is there; if it cannot be installed, says why and exits
# 0: the browser tests then fail, each saying Chromium is missing.
set -uo pipefail
if [ -n "${CHROMIUM:-}" ] || [ -x /usr/bin/chromium ]; then
  exit 0
fi
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.cache"
log="$root/.cache/chromium-install.log"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
echo "get-chromium: installing Debian's chromium (apt-get), log in .cache/chromium-install.log" >&2
if (export DEBIAN_FRONTEND=noninteractive; $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium) >"$log" 2>&1; then
  echo "get-chromium: $(/usr/bin/chromium --version 2>/dev/null)" >&2
else
  echo "get-chromium: chromium could not be installed; the browser tests will fail. The end of $log:" >&2
  tail -20 "$log" >&2
fi
exit 0
