# Shared helpers for scripts/up.sh and scripts/test.sh. Sourced, not executed.
# Everything here is idempotent: a second run finds the work done and moves on quickly.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE_DIR="$ROOT/.wharf"
mkdir -p "$STATE_DIR/logs" "$STATE_DIR/run"
export NEXT_TELEMETRY_DISABLED=1
export DEBIAN_FRONTEND=noninteractive

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

# apt_install PKG...: installs the packages that are missing. No systemd on many hosts, so a
# policy-rc.d keeps package scripts from trying to start services; we start them ourselves.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
  say "installing ${missing[*]} (apt)"
  as_root sh -c '[ -e /usr/sbin/policy-rc.d ] || { printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }'
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    as_root apt-get update -qq
  fi
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_node() {
  command -v node >/dev/null || die "Node.js 20.9+ is required (https://nodejs.org or your distribution's nodesource package)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=9)?0:1)' ||
    die "Node.js 20.9+ is required; found $(node -v)"
}

# Installs npm dependencies when node_modules is missing or older than the lockfile.
# `npm install` rather than `npm ci`: registry mirrors without other platforms' optional packages
# (darwin/win32 builds of next-swc, tailwind oxide) make `npm ci` refuse the lockfile, while
# `npm install` installs exactly the locked versions and skips the unavailable optional ones.
ensure_node_modules() {
  local stamp="$ROOT/node_modules/.wharf-lock-hash" want
  want=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "installing npm dependencies"
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error && npx --no-install prisma generate >/dev/null) ||
    die "npm install failed"
  echo "$want" >"$stamp"
}

pg_ok() { psql "$1" -Atc 'select 1' >/dev/null 2>&1; }

# PostgreSQL: use DATABASE_URL when given; otherwise the local server (installed and started if
# missing). Sets ADMIN_DB_URL (a URL to the "postgres" database with rights to create databases).
ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    ADMIN_DB_URL="${DATABASE_URL%/*}/postgres"
    return 0
  fi
  apt_install postgresql postgresql-client
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    local version; version=$(ls /etc/postgresql | sort -V | tail -1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL did not start (see /var/log/postgresql/)"
  fi
  if pg_ok "postgresql://postgres@127.0.0.1:5432/postgres"; then
    ADMIN_DB_URL="postgresql://postgres@127.0.0.1:5432/postgres"
    return 0
  fi
  # Stock Debian wants passwords over TCP: create a wharf role through the local socket (peer auth).
  local pwfile="$STATE_DIR/pg-password"
  [ -f "$pwfile" ] || (umask 077; openssl rand -hex 24 >"$pwfile")
  local pw; pw=$(cat "$pwfile")
  as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='wharf') THEN CREATE ROLE wharf LOGIN CREATEDB PASSWORD '$pw'; ELSE ALTER ROLE wharf WITH LOGIN CREATEDB PASSWORD '$pw'; END IF; END\$\$;" >/dev/null
  ADMIN_DB_URL="postgresql://wharf:$pw@127.0.0.1:5432/postgres"
  pg_ok "$ADMIN_DB_URL" || die "cannot connect to PostgreSQL on 127.0.0.1:5432 as postgres or wharf; set DATABASE_URL"
}

# ensure_database NAME [fresh]: creates the database (drops it first with "fresh"); prints its URL.
ensure_database() {
  local name=$1 fresh=${2:-}
  if [ "$fresh" = fresh ]; then psql "$ADMIN_DB_URL" -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null; fi
  if [ "$(psql "$ADMIN_DB_URL" -Atc "select 1 from pg_database where datname='$name'")" != 1 ]; then
    psql "$ADMIN_DB_URL" -qc "CREATE DATABASE \"$name\"" >/dev/null
  fi
  echo "${ADMIN_DB_URL%/*}/$name"
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then return 0; fi
  apt_install redis-server
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/wharf.log
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.25; done
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || die "Redis did not start (see /var/log/redis/wharf.log)"
  fi
}

ensure_docker() {
  as_root env DOCKERD_LOG="$STATE_DIR/logs/dockerd.log" sh "$ROOT/scripts/runtime/docker-up.sh" >/dev/null
}

migrate() {
  say "applying database migrations"
  (cd "$ROOT" && DATABASE_URL="$1" npx --no-install prisma migrate deploy >"$STATE_DIR/logs/migrate.log" 2>&1) ||
    { tail -20 "$STATE_DIR/logs/migrate.log"; die "migrations failed (log: .wharf/logs/migrate.log)"; }
}

# Content hash of everything that goes into the Next.js build, to skip rebuilding unchanged code.
source_hash() {
  (cd "$ROOT" && git ls-files -co --exclude-standard app components lib public next.config.ts postcss.config.mjs tsconfig.json package-lock.json instrumentation.ts 2>/dev/null |
    sort | xargs sha256sum 2>/dev/null | sha256sum | cut -d' ' -f1)
}

ensure_build() {
  local dist="$ROOT/${WHARF_DIST_DIR:-.next}"
  local stamp="$dist/.wharf-source-hash" want
  want=$(source_hash)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dist/BUILD_ID" ]; then return 0; fi
  say "building the console (next build)"
  (cd "$ROOT" && npx --no-install next build >"$STATE_DIR/logs/build.log" 2>&1) ||
    { tail -30 "$STATE_DIR/logs/build.log"; die "build failed (log: .wharf/logs/build.log)"; }
  echo "$want" >"$stamp"
}

# wait_http URL SECONDS: waits until URL answers 200.
wait_http() {
  local url=$1 secs=$2 i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i + 1)); [ $i -le $((secs * 2)) ] || return 1; sleep 0.5
  done
}
