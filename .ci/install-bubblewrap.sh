#!/usr/bin/env bash
# Debian's bubblewrap (bwrap): the town sandbox that agents, review gates and git on agents' work run in (decision 0021).
# The sandbox tests fail under CI=true without it. Needs root, as CI runs; a no-op when installed.
set -euo pipefail
if command -v bwrap >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y bubblewrap
