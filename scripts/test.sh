#!/usr/bin/env bash
# Quick start, command 2: the whole test suite (unit, integration against real PostgreSQL, Redis
# and Docker, end-to-end in Chromium). Starts whatever it needs; ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

# One test run per machine at a time: the runs share the runtime bridge, its netns engines and the
# test databases. A second run waits here for the first to finish. The lock is held by flock itself
# (-o: not inherited), so daemons this run starts (Redis, engines) never keep it after the run.
if [ -z "${WHARF_TESTS_LOCKED:-}" ]; then
  WHARF_TESTS_LOCKED=1 exec flock -o /tmp/wharf-tests.lock bash "$0" "$@"
fi

# WHARF_TEST_FILES="path …" limits every stage to those test files (for iterating on a few tests):
# vitest gets the unit/integration ones, Playwright the e2e ones.
FILES=${WHARF_TEST_FILES:-}
files_for() { # files_for REGEX: the WHARF_TEST_FILES matching REGEX
  local f out=()
  for f in $FILES; do [[ $f =~ $1 ]] && out+=("$f"); done
  echo "${out[*]:-}"
}

check_node
apt_install ca-certificates curl openssl git chromium fonts-dejavu-core
apt_install docker-registry haproxy prometheus prometheus-alertmanager
ensure_postgres
# The suite's own password-protected Redis (not a running installation's), so the code paths with
# credentials are the ones tested.
ensure_redis test-redis "${WHARF_TEST_REDIS_PORT:-6391}"
export REDIS_URL
ensure_node_modules

say "preparing Docker Engine and the agent, gateway and worker bundles"
ensure_docker
build_bundles

RESULTS="$STATE_DIR/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
RUN_ID="t$(date +%s)$$"
# Every process this run starts inherits the mark; the leftovers check looks for live ones.
export WHARF_TEST_RUN="$RUN_ID"
# What exists before the suite makes anything: the leftovers check at the end compares with it.
export WHARF_TEST_ADMIN_DB_URL="$ADMIN_DB_URL"
node --import tsx scripts/leftovers.ts snapshot "$RESULTS/before.json" || die "could not take the leftovers snapshot"

# Test configuration: its own databases and Redis prefix, so a running install is not touched.
export NODE_ENV=test
export SECRETS_KEY=$(openssl rand -hex 32)
export REDIS_PREFIX="wharf-test-$RUN_ID"
export LOG_LEVEL=${LOG_LEVEL:-warn}
# Tests' webhook receivers, stand-in registries and cloud APIs listen on loopback, which the
# outbound policy refuses by default (README "Outbound requests").
export OUTBOUND_ALLOW_CIDRS=127.0.0.0/8,::1/128
export DATABASE_URL=$(ensure_database wharf_test fresh)
# Ports of the gateways the tests start (away from a running install's 3001).
export GATEWAY_PORT=3291 GATEWAY_PUBLIC_URL=http://127.0.0.1:3291
# A developer's .env may carry the local agent's token; tests must not create a "local" cluster.
export LOCAL_AGENT_JOIN_TOKEN=""
# Hosted registry of the integration stage (scripts/registry/integration-stack.sh): on loopback and
# on the runtime bridge (10.77.0.1), where netns "machines" pull; the token realm is on the bridge
# address so the host's engine and the nodes' engines both reach it. No scheduled GC/retention:
# tests trigger them.
export REGISTRY_DIR="$STATE_DIR/test-registry" REGISTRY_LISTEN=127.0.0.1:5391,10.77.0.1:5391
export REGISTRY_CONSOLE_LISTEN=127.0.0.1:3294,10.77.0.1:3294
export REGISTRY_TOKEN_REALM=http://10.77.0.1:3294/api/registry/token REGISTRY_NOTIFY_URL=http://127.0.0.1:3294/api/registry/events
export REGISTRY_GC_EVERY_HOURS=0 REGISTRY_RETENTION_EVERY_MINUTES=0
export REGISTRY_URL="" REGISTRY_PUBLIC_HOST="" REGISTRY_DATA_DIR=""
# Prometheus of the integration stage (integration-stack.sh) scrapes the tests' gateway on
# GATEWAY_PORT every second; every test gateway asks for this scrape token.
export METRICS_SCRAPE_TOKEN=$(openssl rand -hex 24)
export PROMETHEUS_URL=http://127.0.0.1:${WHARF_TEST_PROMETHEUS_PORT:-9391}
# The workers write alert rules into that Prometheus' rules/ (its data directory, integration-stack.sh).
export PROMETHEUS_DATA_DIR="$STATE_DIR/test-prometheus"
# Alertmanager of the integration stage: Prometheus and the workers send alerts to it, and it posts
# them to the console's receiver (the console server on REGISTRY_CONSOLE_LISTEN) with this token.
export ALERTMANAGER_URL=http://127.0.0.1:${WHARF_TEST_ALERTMANAGER_PORT:-9395}
export ALERTMANAGER_WEBHOOK_TOKEN=$(openssl rand -hex 24)
migrate "$DATABASE_URL"

# HAProxy outlives the agent that started it (by design: traffic must not depend on the control
# plane). Tests stop the ones they start; this catches those of a run that was killed half-way.
# Only HAProxies whose configuration is in a test's temporary state directory are touched.
stop_test_haproxies() { pkill -KILL -f '^/usr/sbin/haproxy .*-f /tmp/wharf-' 2>/dev/null || true; }
stop_test_haproxies

# Stages to run: all by default; `npm test -- e2e` runs only the end-to-end stage while iterating.
STAGES=${*:-lint unit integration e2e}
stage() { # stage NAME COMMAND...: runs one test stage, never aborting the others
  local name=$1; shift
  case " $STAGES " in *" $name "*) ;; *) return 0 ;; esac
  say "tests: $name"
  "$@"; echo $? >"$RESULTS/$name.exit"
}

# With WHARF_TEST_FILES set, a stage none of whose files were named is skipped.
only() { [ -z "$FILES" ] || [ -n "$(files_for "$1")" ]; }

# ESLint and Prettier's check (`npm run lint`, `npm run format:check`), side by side: one core each,
# about 30 s on 2 cores. Each counts as one test; their output is printed whether they pass or not.
lint() {
  npm run --silent lint >"$RESULTS/eslint.log" 2>&1 &
  local eslint=$! passed=0 failed=0
  npm run --silent format:check >"$RESULTS/prettier.log" 2>&1 &
  local prettier=$!
  if wait $eslint; then passed=$((passed + 1)); cat "$RESULTS/eslint.log"
  else failed=$((failed + 1)); cat "$RESULTS/eslint.log"; warn "ESLint found errors (npm run lint)"; fi
  if wait $prettier; then passed=$((passed + 1)); cat "$RESULTS/prettier.log"
  else failed=$((failed + 1)); cat "$RESULTS/prettier.log"; warn "files not formatted as .prettierrc says (npm run format rewrites them)"; fi
  echo "{\"numPassedTests\":$passed,\"numFailedTests\":$failed}" >"$RESULTS/lint.json"
  [ $failed -eq 0 ]
}
# Skipped when iterating on WHARF_TEST_FILES, unless asked for by name (`npm test -- lint`).
{ [ -z "$FILES" ] || [[ " ${*:-} " == *" lint "* ]]; } && stage lint lint
only '^(lib|agent|gateway|workers)/' &&
  stage unit npx --no-install vitest run --project unit --reporter=default --reporter=json --outputFile="$RESULTS/unit.json" $(files_for '^(lib|agent|gateway|workers)/')
# The console's production build for the e2e stage runs in the background, at the lowest CPU
# priority, while the integration stage mostly waits on Docker; the e2e stage waits for it. (Built
# in the e2e stage itself, it cost minutes of CI's hour on 2 cores.)
E2E_BUILD_PID=""
if [[ " $STAGES " == *" e2e "* ]] && only '^e2e/'; then
  ( renice -n 19 "$BASHPID" >/dev/null; export WHARF_DIST_DIR=.next-test NODE_ENV=production; ensure_build ) >"$RESULTS/e2e-build.log" 2>&1 &
  E2E_BUILD_PID=$!
fi

integration() {
  rm -rf "$REGISTRY_DIR"
  as_root sh scripts/runtime/netns-node.sh bridge >/dev/null || return 1
  # The token realm is on the bridge address. When a test tears down the last netns node the bridge
  # goes too; this fallback route keeps 10.77.0.x traffic from leaving the machine meanwhile.
  as_root ip route replace blackhole 10.77.0.0/24 metric 4242
  export WHARF_KEEP_BRIDGE=1
  # A run killed half-way (timeout, Ctrl-C) may have left its stack behind: stop it first.
  LOG_DIR="$RESULTS/processes" bash scripts/registry/integration-stack.sh stop
  trap 'LOG_DIR="$RESULTS/processes" bash scripts/registry/integration-stack.sh stop; exit 130' INT TERM
  LOG_DIR="$RESULTS/processes" bash scripts/registry/integration-stack.sh start || return 1
  npx --no-install vitest run --project integration --reporter=default --reporter=json --outputFile="$RESULTS/integration.json" $(files_for '^tests/integration/')
  local code=$?
  LOG_DIR="$RESULTS/processes" bash scripts/registry/integration-stack.sh stop
  trap - INT TERM
  as_root ip route del blackhole 10.77.0.0/24 metric 4242 2>/dev/null
  unset WHARF_KEEP_BRIDGE
  as_root sh scripts/runtime/netns-node.sh bridge down >/dev/null 2>&1
  return $code
}
only '^tests/integration/' && stage integration integration

# End-to-end: a production build and the real processes, on a port and database of their own.
e2e() {
  export WHARF_DIST_DIR=.next-test
  if [ -n "$E2E_BUILD_PID" ]; then
    say "waiting for the console's build (started before the integration stage)"
    wait "$E2E_BUILD_PID" || { cat "$RESULTS/e2e-build.log"; return 1; }
  else
    NODE_ENV=production ensure_build || return 1
  fi
  local state="$STATE_DIR/e2e" port=${E2E_PORT:-3100} gw_port=${E2E_GATEWAY_PORT:-3192}
  rm -rf "$state"; mkdir -p "$state"
  local db; db=$(ensure_database wharf_e2e fresh)
  migrate "$db"
  # The e2e "machines" (netns engines on the bridge) pull from the registry at 10.77.0.1 and fetch
  # its tokens from the console there, so both also listen on the bridge address.
  local reg_port=${E2E_REGISTRY_PORT:-5392} prom_port=${E2E_PROMETHEUS_PORT:-9392} am_port=${E2E_ALERTMANAGER_PORT:-9394}
  as_root sh scripts/runtime/netns-node.sh bridge >/dev/null || return 1
  export WHARF_KEEP_BRIDGE=1
  DATABASE_URL="$db" REDIS_PREFIX="wharf-e2e-$RUN_ID" PUBLIC_URL="http://127.0.0.1:$port" NODE_ENV=production LOG_LEVEL=info \
    GATEWAY_PORT=$gw_port GATEWAY_PUBLIC_URL="http://127.0.0.1:$gw_port" \
    REGISTRY_DIR="$state/registry" REGISTRY_LISTEN="127.0.0.1:$reg_port,10.77.0.1:$reg_port" \
    REGISTRY_TOKEN_REALM="http://10.77.0.1:$port/api/registry/token" REGISTRY_NOTIFY_URL="" \
    PROMETHEUS_URL="http://127.0.0.1:$prom_port" PROMETHEUS_LISTEN="127.0.0.1:$prom_port" PROMETHEUS_DATA_DIR="$state/prometheus" \
    PROMETHEUS_SCRAPE_GATEWAYS="127.0.0.1:$gw_port" PROMETHEUS_SCRAPE_INTERVAL=2s \
    ALERTMANAGER_URL="http://127.0.0.1:$am_port" ALERTMANAGER_DATA_DIR="$state/alertmanager" ALERTMANAGER_RECEIVER_URL="http://127.0.0.1:$port/api/alertmanager/webhook" \
    ALERTMANAGER_GROUP_WAIT=1s ALERTMANAGER_GROUP_INTERVAL=2s \
    nohup node_modules/.bin/tsx scripts/supervisor.ts "$state" \
      "console=node_modules/.bin/next start -p $port -H 0.0.0.0" \
      "$WORKER_COMMAND" \
      "$GATEWAY_COMMAND" \
      "registry=node --import tsx scripts/registry/run.ts" \
      "prometheus=node --import tsx scripts/prometheus/run.ts" \
      "alertmanager=node --import tsx scripts/alertmanager/run.ts" >"$state/supervisor.out" 2>&1 </dev/null &
  local sup=$!
  trap "kill -TERM $sup 2>/dev/null; exit 130" INT TERM
  if ! wait_http "http://127.0.0.1:$port/api/health" 90; then
    warn "the e2e stack did not become healthy; logs in $state/logs"; kill -TERM $sup; return 1
  fi
  PROMETHEUS_URL="http://127.0.0.1:$prom_port" E2E_BASE_URL="http://127.0.0.1:$port" E2E_REGISTRY_PUSH="127.0.0.1:$reg_port" E2E_REGISTRY_PULL="10.77.0.1:$reg_port" \
    PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS/e2e.json" npx --no-install playwright test --reporter=list,json $(files_for '^e2e/')
  local code=$?
  kill -TERM $sup; wait $sup 2>/dev/null
  trap - INT TERM
  # The e2e stack's queues, liveness and rate limits: its processes are gone, so are its keys.
  node --import tsx scripts/leftovers.ts delete-keys "wharf-e2e-$RUN_ID"
  unset WHARF_KEEP_BRIDGE
  as_root sh scripts/runtime/netns-node.sh bridge down >/dev/null 2>&1
  return $code
}
only '^e2e/' && stage e2e e2e
stop_test_haproxies

# Tests leave nothing behind (a full run, or WHARF_CHECK_LEFTOVERS=1 with a subset). The suite's
# databases and its pushes' image tags go, then the check; its Redis stops after it has been read.
if { [ -z "$FILES" ] && [ "$STAGES" = "lint unit integration e2e" ]; } || [ "${WHARF_CHECK_LEFTOVERS:-}" = 1 ]; then
  for db in wharf_test wharf_e2e; do psql "$ADMIN_DB_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1; done
  node --import tsx scripts/leftovers.ts untag-pushes "$RESULTS/before.json"
  say "tests: leftovers"
  node --import tsx scripts/leftovers.ts check "$RESULTS/before.json" "$RESULTS/leftovers.json"; echo $? >"$RESULTS/leftovers.exit"
  node --import tsx scripts/leftovers.ts stop-redis
  STAGES="$STAGES leftovers"
fi

RAN=""
for s in $STAGES; do [ -f "$RESULTS/$s.exit" ] && RAN="$RAN $s"; done
node scripts/summarize-tests.mjs "$RESULTS" ${RAN:-$STAGES}
