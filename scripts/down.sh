#!/usr/bin/env bash
# Stops the processes started by scripts/up.sh (gracefully: workers finish their active jobs).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
pidfile="$STATE_DIR/run/supervisor.pid"
if [ ! -f "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "Wharf is not running"; exit 0; fi
pid=$(cat "$pidfile")
kill -TERM "$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
echo "Wharf stopped"
