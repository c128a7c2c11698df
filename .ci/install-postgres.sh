#!/usr/bin/env bash
# Debian's PostgreSQL 15 server binaries for the PostgreSQL tests (tests/Gastown.Testing/PostgresServer.cs runs initdb
# and pg_ctl from /usr/lib/postgresql/15/bin in a temp dir; no cluster of the package is used). Needs root, as CI runs;
# a no-op when installed.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/initdb ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y postgresql-15 || apt-get install -y postgresql
