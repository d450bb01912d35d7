# shellcheck shell=sh
# lib.sh - helpers shared by the scripts in scripts/runtime (sourced, not run).
# POSIX sh; callers have already done `set -eu`.

# Root's PATH from a non-login shell (or from Node's execFile) may lack the sbin dirs.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
export PATH

WHARF_LOCK_DIR=${WHARF_LOCK_DIR:-/run/lock}

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
need_root() { [ "$(id -u)" = 0 ] || die "$(basename "$0") must run as root"; }

# with_lock NAME: take an exclusive lock on fd 9 for the rest of the script
# (parallel test workers call these scripts at the same time).
# Every long-lived process we start must close fd 9 (`9>&-`), or it keeps the lock.
with_lock() {
  mkdir -p "$WHARF_LOCK_DIR"
  exec 9>"$WHARF_LOCK_DIR/wharf-$1.lock"
  flock -w 300 9 || die "timed out waiting for lock $WHARF_LOCK_DIR/wharf-$1.lock"
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ensure_packages PKG...: apt-get install the missing ones. There is no systemd here, so
# postinst scripts must not start services: /usr/sbin/policy-rc.d (exit 101) denies that.
# If we have to create policy-rc.d we remove it again afterwards.
ensure_packages() {
  _missing=""
  for _p in "$@"; do pkg_installed "$_p" || _missing="$_missing $_p"; done
  [ -n "$_missing" ] || return 0
  log "installing:$_missing"
  _made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    _made_policy=1
  fi
  _t0=$(now_ms)
  _ok=1
  # shellcheck disable=SC2086 # word splitting of the package list is wanted
  if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
    ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $_missing >/dev/null; then
    _ok=""
  fi
  [ -z "$_made_policy" ] || rm -f /usr/sbin/policy-rc.d
  [ -n "$_ok" ] || die "apt-get install$_missing failed"
  log "installed$_missing in $(( $(now_ms) - _t0 )) ms"
}

ensure_docker_packages() {
  if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 &&
    command -v containerd >/dev/null 2>&1 && command -v runc >/dev/null 2>&1; then
    return 0
  fi
  ensure_packages docker.io containerd runc tini iptables
}

# dockerd needs the cgroup v1 hierarchies ("Devices cgroup isn't mounted" otherwise).
# On a cgroup v2 host (cgroup.controllers exists) there is nothing to do.
ensure_cgroups() {
  [ ! -e /sys/fs/cgroup/cgroup.controllers ] || return 0
  mountpoint -q /sys/fs/cgroup || mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
  # controllers the kernel has enabled (column 4 of /proc/cgroups)
  # shellcheck disable=SC2013 # one controller name per line, no spaces
  for _c in $(awk '!/^#/ && $4 == 1 { print $1 }' /proc/cgroups); do
    mountpoint -q "/sys/fs/cgroup/$_c" && continue
    mkdir -p "/sys/fs/cgroup/$_c"
    mount -t cgroup -o "$_c" cgroup "/sys/fs/cgroup/$_c" 2>/dev/null || rmdir "/sys/fs/cgroup/$_c" 2>/dev/null || true
  done
  mountpoint -q /sys/fs/cgroup/devices || die "cgroup v1 'devices' hierarchy is not mounted and could not be mounted"
}

# storage_driver DIR: overlay2 when the kernel has overlayfs and DIR is not itself on
# overlayfs (nested overlay fails); vfs otherwise. DOCKER_STORAGE_DRIVER overrides.
storage_driver() {
  if [ -n "${DOCKER_STORAGE_DRIVER:-}" ]; then echo "$DOCKER_STORAGE_DRIVER"; return; fi
  modprobe overlay 2>/dev/null || true
  _d=$1; while [ ! -d "$_d" ]; do _d=$(dirname "$_d"); done
  if grep -qw overlay /proc/filesystems && [ "$(stat -f -c %T "$_d")" != overlayfs ]; then
    echo overlay2
  else
    echo vfs
  fi
}

# docker_ok SOCKET: the engine behind SOCKET answers `docker info`.
docker_ok() { docker -H "unix://$1" info --format '{{.ServerVersion}}' >/dev/null 2>&1; }

# proc_alive PID: PID runs and is not a zombie. (A killed daemon can stay a zombie for a
# while here: PID 1 is not a real init and reaps late, and kill -0 succeeds on zombies.)
proc_alive() {
  [ -r "/proc/$1/stat" ] || return 1
  # field 3 of /proc/PID/stat is the state; comm (field 2) may hold spaces, so cut after ')'
  case "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" in Z | X) return 1 ;; esac
}

# pid_alive PIDFILE: the dockerd named in PIDFILE still runs (guards against pid reuse).
pid_alive() {
  [ -s "$1" ] || return 1
  _pid=$(cat "$1")
  proc_alive "$_pid" && [ "$(cat "/proc/$_pid/comm" 2>/dev/null)" = dockerd ]
}

# clear_stale_pidfile FILE: remove FILE unless the process it names is alive.
# Used for dockerd's pidfile and for the containerd.pid of dockerd's managed containerd:
# dockerd treats a zombie's pid as a running containerd and then times out after 15 s
# ("failed to start containerd: timeout waiting for containerd to start").
clear_stale_pidfile() {
  [ -e "$1" ] || return 0
  if [ ! -s "$1" ] || ! proc_alive "$(cat "$1")"; then rm -f "$1"; fi
}

# wait_docker SOCKET PID LOG SECONDS: wait until the engine answers; fail fast if PID died.
wait_docker() {
  _i=0
  until docker_ok "$1"; do
    _i=$((_i + 1))
    if [ "$_i" -gt $(($4 * 10)) ]; then
      log "dockerd ($1) not ready after $4 s; last lines of $3:"; tail -n 20 "$3" >&2; return 1
    fi
    if ! proc_alive "$2"; then
      log "dockerd ($1) exited; last lines of $3:"; tail -n 20 "$3" >&2; return 1
    fi
    sleep 0.1
  done
}
