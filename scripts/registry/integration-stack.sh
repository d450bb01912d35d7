#!/usr/bin/env bash
# The hosted registry for the integration test stage: the registry runner (scripts/registry/run.ts)
# and the console's registry endpoints over HTTP (tests/integration/registry/support/console-server.ts,
# the token realm and notification URL), both configured from the REGISTRY_* variables that
# scripts/test.sh exports. Logs go to $LOG_DIR (default .wharf/test-results/processes).
#
# usage: integration-stack.sh start | stop
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LOG_DIR=${LOG_DIR:-$ROOT/.wharf/test-results/processes}
RUN_DIR="$ROOT/.wharf/run"
mkdir -p "$LOG_DIR" "$RUN_DIR"
cd "$ROOT"

wait_for() { # wait_for SECONDS COMMAND...: polls until COMMAND succeeds
  local secs=$1; shift
  for _ in $(seq 1 $((secs * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}

stop_pid() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid; pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$file"
}

first=${REGISTRY_LISTEN%%,*}
case ${1:-} in
  start)
    console_first=${REGISTRY_CONSOLE_LISTEN%%,*}
    WHARF_PROCESS=script nohup node --import tsx scripts/registry/run.ts >>"$LOG_DIR/registry.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/test-registry-${first##*:}.pid"
    WHARF_PROCESS=test nohup node --import tsx tests/integration/registry/support/console-server.ts >>"$LOG_DIR/registry-console.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/test-registry-console-${first##*:}.pid"
    # 401 from /v2/ means the registry is up (token auth on); the token endpoint answers 401 too.
    wait_for 30 sh -c "curl -s -o /dev/null -w '%{http_code}' http://$first/v2/ | grep -q 401" ||
      { echo "registry did not start (log: $LOG_DIR/registry.log)" >&2; tail -20 "$LOG_DIR/registry.log" >&2; exit 1; }
    wait_for 60 sh -c "curl -s -o /dev/null -w '%{http_code}' http://$console_first/api/registry/token | grep -q 401" ||
      { echo "registry console endpoints did not start (log: $LOG_DIR/registry-console.log)" >&2; tail -20 "$LOG_DIR/registry-console.log" >&2; exit 1; }
    ;;
  stop)
    stop_pid "$RUN_DIR/test-registry-console-${first##*:}.pid"
    stop_pid "$RUN_DIR/test-registry-${first##*:}.pid"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
