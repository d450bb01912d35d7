#!/usr/bin/env bash
# Stops the processes started by scripts/up.sh (gracefully: workers finish their active jobs), then
# Wharf's own Redis when up.sh started one. PostgreSQL and Docker are left running: other programs
# may use them, and they hold what the next `npm run up` starts from.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

stop_pid() { # stop_pid PID: TERM, up to 30 s, then KILL
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$1" 2>/dev/null || true
}

pidfile="$STATE_DIR/run/supervisor.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  stop_pid "$(cat "$pidfile")"
  echo "Wharf stopped"
else
  echo "Wharf is not running"
fi

# Redis keeps nothing on disk, and PostgreSQL holds every deployment and release step: the workers'
# sweeps rebuild the queues after the next `npm run up`.
redis_pidfile="$STATE_DIR/redis/redis.pid"
if grep -qs '^WHARF_OWN_REDIS=1' "$ROOT/.env" && [ -f "$redis_pidfile" ] && kill -0 "$(cat "$redis_pidfile")" 2>/dev/null; then
  stop_pid "$(cat "$redis_pidfile")"
  echo "Wharf's Redis stopped"
fi
