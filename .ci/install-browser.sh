#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/Gastown.Browser.Tests drive it through Playwright's ExecutablePath,
# because Playwright's own browser download cannot be reached). Needs root, as CI runs; a no-op when installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
