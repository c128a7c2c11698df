#!/usr/bin/env bash
# Debian's tmux: the pseudo-terminal in which tests/Gastown.Cli.Tests drive the interactive `gastown mayor` (those
# tests fail under CI=true without it). Needs root, as CI runs; a no-op when installed.
set -euo pipefail
if command -v tmux >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y tmux
