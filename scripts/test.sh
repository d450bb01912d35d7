#!/usr/bin/env bash
# Quick start, command 2: the whole test suite (unit, integration against real PostgreSQL, Redis
# and Docker, end-to-end in Chromium). Starts whatever it needs; ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

check_node
apt_install ca-certificates curl openssl git chromium fonts-dejavu-core
ensure_postgres
ensure_redis
ensure_node_modules

say "preparing Docker Engine and the agent bundle"
ensure_docker
node agent/build.mjs --quiet || die "agent build failed"

RESULTS="$STATE_DIR/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
RUN_ID="t$(date +%s)$$"

# Test configuration: its own databases and Redis prefix, so a running install is not touched.
export NODE_ENV=test
export SECRETS_KEY=$(openssl rand -hex 32)
export REDIS_PREFIX="wharf-test-$RUN_ID"
export LOG_LEVEL=${LOG_LEVEL:-warn}
export DATABASE_URL=$(ensure_database wharf_test fresh)
# Ports of the gateways the tests start (away from a running install's 3001).
export GATEWAY_PORT=3291 GATEWAY_PUBLIC_URL=http://127.0.0.1:3291
# A developer's .env may carry the local agent's token; tests must not create a "local" cluster.
export LOCAL_AGENT_JOIN_TOKEN=""
export WHARF_TEST_ADMIN_DB_URL="$ADMIN_DB_URL"
migrate "$DATABASE_URL"

# Stages to run: all by default; `npm test -- e2e` runs only the end-to-end stage while iterating.
STAGES=${*:-unit integration e2e}
stage() { # stage NAME COMMAND...: runs one test stage, never aborting the others
  local name=$1; shift
  case " $STAGES " in *" $name "*) ;; *) return 0 ;; esac
  say "tests: $name"
  "$@"; echo $? >"$RESULTS/$name.exit"
}

stage unit npx --no-install vitest run --project unit --reporter=default --reporter=json --outputFile="$RESULTS/unit.json"
stage integration npx --no-install vitest run --project integration --reporter=default --reporter=json --outputFile="$RESULTS/integration.json"

# End-to-end: a production build and the real processes, on a port and database of their own.
e2e() {
  export WHARF_DIST_DIR=.next-test
  NODE_ENV=production ensure_build || return 1
  local state="$STATE_DIR/e2e" port=${E2E_PORT:-3100} gw_port=${E2E_GATEWAY_PORT:-3192}
  rm -rf "$state"; mkdir -p "$state"
  local db; db=$(ensure_database wharf_e2e fresh)
  migrate "$db"
  DATABASE_URL="$db" REDIS_PREFIX="wharf-e2e-$RUN_ID" PUBLIC_URL="http://127.0.0.1:$port" NODE_ENV=production LOG_LEVEL=info \
    GATEWAY_PORT=$gw_port GATEWAY_PUBLIC_URL="http://127.0.0.1:$gw_port" \
    nohup node_modules/.bin/tsx scripts/supervisor.ts "$state" \
      "console=node_modules/.bin/next start -p $port -H 127.0.0.1" \
      "worker=node --import tsx workers/main.ts" \
      "gateway=node --import tsx gateway/main.ts" >"$state/supervisor.out" 2>&1 </dev/null &
  local sup=$!
  if ! wait_http "http://127.0.0.1:$port/api/health" 90; then
    warn "the e2e stack did not become healthy; logs in $state/logs"; kill -TERM $sup; return 1
  fi
  E2E_BASE_URL="http://127.0.0.1:$port" PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS/e2e.json" \
    npx --no-install playwright test --reporter=list,json
  local code=$?
  kill -TERM $sup; wait $sup 2>/dev/null
  return $code
}
stage e2e e2e

node scripts/summarize-tests.mjs "$RESULTS" $STAGES
