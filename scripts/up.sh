#!/usr/bin/env bash
# Quick start, command 1: brings up Wharf on this machine and prints where to sign in.
# Installs what is missing (npm dependencies; PostgreSQL, Redis and Docker Engine from apt when no
# DATABASE_URL / REDIS_URL is given), applies migrations, builds the console and starts the console,
# workers, agent gateway, Prometheus and a local agent under a supervisor. Safe to run again: it restarts the
# processes on the current code.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

check_node
apt_install ca-certificates curl openssl git
apt_install docker-registry haproxy   # the hosted image registry (Distribution 2.8), run by the supervisor; HAProxy for the traffic layer (run by the agent on wharf.lb=true nodes)
apt_install prometheus   # metric history for charts and autoscaling (scripts/prometheus/run.ts; nothing starts it as a service here)
apt_install prometheus-alertmanager   # routes, groups and silences alerts to Wharf's receiver (scripts/alertmanager/run.ts)
# Configuration lives in .env (git-ignored, mode 600); secrets are generated once, never committed.
if [ ! -f .env ]; then
  say "writing .env with fresh secrets"
  (umask 077; {
    echo "SECRETS_KEY=$(openssl rand -hex 32)"
    echo "PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:${PORT:-3000}}"
  } >.env)
fi
chmod 600 .env
# The local agent's join token (the first organisation's "local" cluster accepts it once).
grep -q '^LOCAL_AGENT_JOIN_TOKEN=' .env || echo "LOCAL_AGENT_JOIN_TOKEN=wharf_join_$(openssl rand -hex 24)" >>.env
# Prometheus scrapes the gateways' /metrics with this bearer token (every organisation's series are there).
grep -q '^METRICS_SCRAPE_TOKEN=' .env || echo "METRICS_SCRAPE_TOKEN=$(openssl rand -hex 24)" >>.env
# Alertmanager posts alerts to Wharf's receiver (POST /api/alertmanager/webhook) with this bearer token.
grep -q '^ALERTMANAGER_WEBHOOK_TOKEN=' .env || echo "ALERTMANAGER_WEBHOOK_TOKEN=$(openssl rand -hex 24)" >>.env
set -a; source .env; set +a

# PostgreSQL and Redis with credentials of their own (README "Trust model"), unless .env or the
# environment names others.
ensure_postgres
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(ensure_database wharf)
  echo "DATABASE_URL=$DATABASE_URL" >>.env
fi
if [ -z "${REDIS_URL:-}" ] || [ "${WHARF_OWN_REDIS:-}" = 1 ]; then
  # Wharf's own instance: started again here after a reboot (it keeps nothing on disk).
  unset REDIS_URL
  ensure_redis
  if ! grep -q '^WHARF_OWN_REDIS=1' .env; then printf 'WHARF_OWN_REDIS=1\nREDIS_URL=%s\n' "$REDIS_URL" >>.env; fi
fi
export DATABASE_URL REDIS_URL
ensure_docker
ensure_node_modules
migrate "$DATABASE_URL"
ensure_build
say "building the agent, the gateway and the workers"
build_bundles
# The image of the `docker run` install variant, for machines that run the agent as a container.
bash scripts/build-agent-image.sh >/dev/null 2>&1 || warn "could not build the agent image (the docker install variant will not work here)"

PORT=${PORT:-3000}
HOST=${HOST:-127.0.0.1}
if [ -f "$STATE_DIR/run/supervisor.pid" ] && kill -0 "$(cat "$STATE_DIR/run/supervisor.pid")" 2>/dev/null; then
  say "restarting running Wharf processes"
  bash "$ROOT/scripts/down.sh" >/dev/null
fi
# After stopping our own processes, anything still on our ports is someone else's: say so rather
# than start a console that cannot bind while the old one keeps answering health checks.
PROMETHEUS_LISTEN=${PROMETHEUS_LISTEN:-127.0.0.1:9090}
ALERTMANAGER_URL=${ALERTMANAGER_URL:-http://127.0.0.1:9093}
ALERTMANAGER_LISTEN=${ALERTMANAGER_LISTEN:-$(node -e 'const u=new URL(process.argv[1]);console.log(`${u.hostname}:${u.port||80}`)' "$ALERTMANAGER_URL")}
for hp in "$HOST:$PORT" "$HOST:${GATEWAY_PORT:-3001}" "$PROMETHEUS_LISTEN" "$ALERTMANAGER_LISTEN"; do
  h=${hp%:*}; p=${hp##*:}
  if (exec 3<>"/dev/tcp/$h/$p") 2>/dev/null; then
    die "port $p on $h is already in use by another process ($(ss -ltnp 2>/dev/null | grep ":$p " | grep -o 'users:.*' | head -1)); stop it or choose another port (PORT=…, GATEWAY_PORT=…, PROMETHEUS_LISTEN=…, ALERTMANAGER_URL=…)"
  fi
done
# The Prometheus runner scrapes this gateway by default; the console and workers read Prometheus here.
export GATEWAY_PORT=${GATEWAY_PORT:-3001} PROMETHEUS_LISTEN
export PROMETHEUS_URL=${PROMETHEUS_URL:-http://$PROMETHEUS_LISTEN}
# Prometheus and the workers send alerts to this Alertmanager; it sends them on to the console.
export ALERTMANAGER_URL ALERTMANAGER_LISTEN
export ALERTMANAGER_RECEIVER_URL=${ALERTMANAGER_RECEIVER_URL:-http://$HOST:$PORT/api/alertmanager/webhook}
# The local agent's join token goes to it through a mode-600 file it deletes after joining (never
# on a command line); once it holds a node credential the file is not needed. The agent gets a
# clean environment: none of the control plane's secrets, and it runs this machine's workloads
# with the strict workload policy whatever the cluster says (README "Trust model").
if [ ! -f "$STATE_DIR/local-agent/credential.json" ]; then
  (umask 077; printf '%s\n' "$LOCAL_AGENT_JOIN_TOKEN" >"$STATE_DIR/run/local-agent.join-token")
fi
say "starting console, workers, agent gateway, image registry, Prometheus, Alertmanager and the local agent"
# The local agent drives this machine's Docker Engine; it waits until the first sign-up creates
# the "local" cluster that accepts its token, then joins and initialises the swarm.
nohup node_modules/.bin/tsx scripts/supervisor.ts "$STATE_DIR" \
  "console=node_modules/.bin/next start -p $PORT -H $HOST" \
  "$WORKER_COMMAND" \
  "$GATEWAY_COMMAND" \
  "registry=node --import tsx scripts/registry/run.ts" \
  "prometheus=node --import tsx scripts/prometheus/run.ts" \
  "alertmanager=node --import tsx scripts/alertmanager/run.ts" \
  "agent=env -i PATH=$PATH HOME=$HOME node .wharf/agent/wharf-agent.mjs --url http://127.0.0.1:$GATEWAY_PORT --token-file $STATE_DIR/run/local-agent.join-token --state-dir $STATE_DIR/local-agent --wait-for-token --workload-policy strict" \
  >>"$STATE_DIR/logs/supervisor.out" 2>&1 </dev/null &

if ! wait_http "http://$HOST:$PORT/api/health" 90; then
  curl -s "http://$HOST:$PORT/api/health" || true
  die "Wharf did not become healthy in 90 s; logs are in .wharf/logs/"
fi
URL=${PUBLIC_URL:-http://$HOST:$PORT}
REGISTRY_FIRST=${REGISTRY_LISTEN:-127.0.0.1:5000}; REGISTRY_FIRST=${REGISTRY_FIRST%%,*}
cat <<MSG

  Wharf is running at $URL
  Open it in a browser and create your account: the first account owns the first organisation,
  whose cluster "local" is this machine (its agent joins within seconds of your sign-up).
  Image registry: ${REGISTRY_PUBLIC_HOST:-$REGISTRY_FIRST} (docker login with your e-mail and password, or an API token)
  Metrics: Prometheus at $PROMETHEUS_URL (docs/metrics.md); alerts through Alertmanager at $ALERTMANAGER_URL
  Logs: .wharf/logs/   Stop: npm run down   Tests: npm test

MSG
