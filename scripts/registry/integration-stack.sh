#!/usr/bin/env bash
# The long-running components of the integration test stage: the registry runner
# (scripts/registry/run.ts) and the console's registry endpoints over HTTP
# (tests/integration/registry/support/console-server.ts, the token realm and notification URL), both
# configured from the REGISTRY_* variables that scripts/test.sh exports; and Prometheus
# (scripts/prometheus/run.ts) on PROMETHEUS_URL's port, scraping the tests' gateway on GATEWAY_PORT
# every second with METRICS_SCRAPE_TOKEN, its data in .wharf/test-prometheus (fresh every start),
# sending alerts to Alertmanager (scripts/alertmanager/run.ts) on ALERTMANAGER_URL's port, which
# posts them to the console server's /api/alertmanager/webhook (short group waits for the tests;
# its data in .wharf/test-alertmanager, fresh every start).
# Logs go to $LOG_DIR (default .wharf/test-results/processes).
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
prometheus_listen=${PROMETHEUS_URL#http://}
prometheus_listen=${prometheus_listen%%/*}
prometheus_pid="$RUN_DIR/test-prometheus-${prometheus_listen##*:}.pid"
alertmanager_listen=${ALERTMANAGER_URL:-http://127.0.0.1:9395}
alertmanager_listen=${alertmanager_listen#http://}
alertmanager_listen=${alertmanager_listen%%/*}
alertmanager_pid="$RUN_DIR/test-alertmanager-${alertmanager_listen##*:}.pid"
case ${1:-} in
  start)
    rm -rf "$ROOT/.wharf/test-prometheus"
    PROMETHEUS_LISTEN=$prometheus_listen PROMETHEUS_DATA_DIR="$ROOT/.wharf/test-prometheus" PROMETHEUS_SCRAPE_GATEWAYS="127.0.0.1:$GATEWAY_PORT" \
      PROMETHEUS_SCRAPE_INTERVAL=1s PROMETHEUS_RETENTION=1d WHARF_PROCESS=script \
      nohup node --import tsx scripts/prometheus/run.ts >>"$LOG_DIR/prometheus.log" 2>&1 </dev/null &
    echo $! >"$prometheus_pid"
    console_first=${REGISTRY_CONSOLE_LISTEN%%,*}
    rm -rf "$ROOT/.wharf/test-alertmanager"
    ALERTMANAGER_URL="http://$alertmanager_listen" ALERTMANAGER_DATA_DIR="$ROOT/.wharf/test-alertmanager" \
      ALERTMANAGER_RECEIVER_URL="http://$console_first/api/alertmanager/webhook" \
      ALERTMANAGER_GROUP_WAIT=1s ALERTMANAGER_GROUP_INTERVAL=1s ALERTMANAGER_REPEAT_INTERVAL=1h WHARF_PROCESS=script \
      nohup node --import tsx scripts/alertmanager/run.ts >>"$LOG_DIR/alertmanager.log" 2>&1 </dev/null &
    echo $! >"$alertmanager_pid"
    WHARF_PROCESS=script nohup node --import tsx scripts/registry/run.ts >>"$LOG_DIR/registry.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/test-registry-${first##*:}.pid"
    WHARF_PROCESS=test nohup node --import tsx tests/integration/registry/support/console-server.ts >>"$LOG_DIR/registry-console.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/test-registry-console-${first##*:}.pid"
    # 401 from /v2/ means the registry is up (token auth on); the token endpoint answers 401 too.
    wait_for 30 sh -c "curl -s -o /dev/null -w '%{http_code}' http://$first/v2/ | grep -q 401" ||
      { echo "registry did not start (log: $LOG_DIR/registry.log)" >&2; tail -20 "$LOG_DIR/registry.log" >&2; exit 1; }
    wait_for 60 sh -c "curl -s -o /dev/null -w '%{http_code}' http://$console_first/api/registry/token | grep -q 401" ||
      { echo "registry console endpoints did not start (log: $LOG_DIR/registry-console.log)" >&2; tail -20 "$LOG_DIR/registry-console.log" >&2; exit 1; }
    wait_for 30 curl -fsS "http://$prometheus_listen/-/ready" ||
      { echo "prometheus did not start (log: $LOG_DIR/prometheus.log)" >&2; tail -20 "$LOG_DIR/prometheus.log" >&2; exit 1; }
    wait_for 30 curl -fsS "http://$alertmanager_listen/-/ready" ||
      { echo "alertmanager did not start (log: $LOG_DIR/alertmanager.log)" >&2; tail -20 "$LOG_DIR/alertmanager.log" >&2; exit 1; }
    ;;
  stop)
    stop_pid "$alertmanager_pid"
    stop_pid "$prometheus_pid"
    stop_pid "$RUN_DIR/test-registry-console-${first##*:}.pid"
    stop_pid "$RUN_DIR/test-registry-${first##*:}.pid"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
