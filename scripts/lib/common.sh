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

# pg_admin SQL: runs SQL as a PostgreSQL superuser: over TCP when the server trusts the postgres
# role there, otherwise through the local socket as the postgres system user (peer auth).
pg_admin() {
  if pg_ok "postgresql://postgres@127.0.0.1:5432/postgres"; then
    psql "postgresql://postgres@127.0.0.1:5432/postgres" -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null
  else
    as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null
  fi
}

# PostgreSQL: use DATABASE_URL when given; otherwise the local server (installed and started if
# missing). Wharf never connects as a superuser: it gets its own role "wharf" (LOGIN, CREATEDB, no
# superuser) with a generated password kept in .wharf/pg-password (mode 600). Sets ADMIN_DB_URL
# (that role, on the "postgres" database, able to create Wharf's databases).
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
  local pwfile="$STATE_DIR/pg-password"
  [ -s "$pwfile" ] || (umask 077; openssl rand -hex 24 >"$pwfile")
  local pw; pw=$(cat "$pwfile")
  ADMIN_DB_URL="postgresql://wharf:$pw@127.0.0.1:5432/postgres"
  pg_ok "$ADMIN_DB_URL" && return 0
  pg_admin "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='wharf') THEN CREATE ROLE wharf LOGIN CREATEDB NOSUPERUSER PASSWORD '$pw'; ELSE ALTER ROLE wharf WITH LOGIN CREATEDB NOSUPERUSER PASSWORD '$pw'; END IF; END\$\$;" ||
    die "cannot create the PostgreSQL role wharf (need the postgres superuser over TCP or the local socket); set DATABASE_URL"
  pg_ok "$ADMIN_DB_URL" || die "cannot connect to PostgreSQL on 127.0.0.1:5432 as wharf; set DATABASE_URL"
}

# ensure_database NAME [fresh]: creates the database (drops it first with "fresh"); prints its URL.
# Databases are owned by the wharf role; one left by an older version (owned by postgres) is
# handed over, so migrations keep working.
ensure_database() {
  local name=$1 fresh=${2:-} me owner
  me=$(psql "$ADMIN_DB_URL" -Atc "select current_user")
  owner=$(psql "$ADMIN_DB_URL" -Atc "select pg_get_userbyid(datdba) from pg_database where datname='$name'")
  if [ "$fresh" = fresh ] && [ -n "$owner" ]; then
    if [ "$owner" = "$me" ]; then psql "$ADMIN_DB_URL" -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
    else pg_admin "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"; fi
  elif [ -n "$owner" ] && [ "$owner" != "$me" ]; then
    pg_admin "ALTER DATABASE \"$name\" OWNER TO \"$me\"" && pg_admin_adopt_tables "$name" "$me"
  fi
  if [ "$(psql "$ADMIN_DB_URL" -Atc "select 1 from pg_database where datname='$name'")" != 1 ]; then
    psql "$ADMIN_DB_URL" -qc "CREATE DATABASE \"$name\"" >/dev/null
  fi
  echo "${ADMIN_DB_URL%/*}/$name"
}

# pg_admin_adopt_tables DB ROLE: gives ROLE the schema objects of an older install's database.
pg_admin_adopt_tables() {
  local sql="DO \$\$DECLARE r record; BEGIN
    EXECUTE format('ALTER SCHEMA public OWNER TO %I', '$2');
    FOR r IN SELECT tablename FROM pg_tables WHERE schemaname='public' LOOP EXECUTE format('ALTER TABLE public.%I OWNER TO %I', r.tablename, '$2'); END LOOP;
    FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname='public' LOOP EXECUTE format('ALTER SEQUENCE public.%I OWNER TO %I', r.sequencename, '$2'); END LOOP;
    FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid=t.typnamespace WHERE n.nspname='public' AND t.typtype='e' LOOP EXECUTE format('ALTER TYPE public.%I OWNER TO %I', r.typname, '$2'); END LOOP;
  END\$\$;"
  if pg_ok "postgresql://postgres@127.0.0.1:5432/$1"; then
    psql "postgresql://postgres@127.0.0.1:5432/$1" -q -v ON_ERROR_STOP=1 -c "$sql" >/dev/null
  else
    as_root runuser -u postgres -- psql -d "$1" -q -v ON_ERROR_STOP=1 -c "$sql" >/dev/null
  fi
}

# Redis: use REDIS_URL when given; otherwise Wharf runs its own password-protected redis-server
# (loopback only, nothing kept on disk) on WHARF_REDIS_PORT. The password lives in a mode-600
# config file, never on a command line. Sets REDIS_URL. A machine-wide Redis without a password is
# never used: anyone who can write to it could otherwise tamper with Wharf's queues.
# ensure_redis [NAME PORT]: NAME separates instances (the test suite runs its own).
ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then return 0; fi
  local name=${1:-redis} port=${2:-${WHARF_REDIS_PORT:-6380}}
  apt_install redis-server
  local dir="$STATE_DIR/$name"
  mkdir -p "$dir"; chmod 700 "$dir"
  local pwfile="$dir/password"
  [ -s "$pwfile" ] || (umask 077; openssl rand -hex 24 >"$pwfile")
  local pw; pw=$(cat "$pwfile")
  REDIS_URL="redis://:$pw@127.0.0.1:$port"
  if redis-cli -h 127.0.0.1 -p "$port" --no-auth-warning -a "$pw" ping 2>/dev/null | grep -q PONG; then return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is taken by a Redis that does not accept Wharf's password ($pwfile); stop it or set WHARF_REDIS_PORT / REDIS_URL"
  fi
  say "starting Wharf's Redis on 127.0.0.1:$port"
  (umask 077; cat >"$dir/redis.conf" <<CONF
bind 127.0.0.1 -::1
port $port
protected-mode yes
requirepass $pw
save ""
appendonly no
daemonize yes
dir $dir
pidfile $dir/redis.pid
logfile $dir/redis.log
CONF
  )
  redis-server "$dir/redis.conf" 9>&- || die "Redis did not start (see $dir/redis.log)"
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p "$port" --no-auth-warning -a "$pw" ping >/dev/null 2>&1 && return 0; sleep 0.25; done
  die "Redis did not start (see $dir/redis.log)"
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
  (cd "$ROOT" && git ls-files -co --exclude-standard app components lib public next.config.ts postcss.config.mjs tsconfig.json package-lock.json instrumentation.ts proxy.ts 2>/dev/null |
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

# The agent bundle, and the gateway's and workers' (scripts/build-services.mjs), from this checkout.
build_bundles() {
  (cd "$ROOT" && node agent/build.mjs --quiet) || die "agent build failed"
  (cd "$ROOT" && node scripts/build-services.mjs --quiet) || die "the gateway and worker build failed"
}
# How the supervisor runs them (up.sh and the e2e stack alike).
WORKER_COMMAND="worker=node --enable-source-maps .wharf/services/worker.cjs"
GATEWAY_COMMAND="gateway=node --enable-source-maps .wharf/services/gateway.cjs"

# wait_http URL SECONDS: waits until URL answers 200.
wait_http() {
  local url=$1 secs=$2 i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i + 1)); [ $i -le $((secs * 2)) ] || return 1; sleep 0.5
  done
}
