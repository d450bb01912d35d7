#!/bin/sh
# docker-up.sh - idempotent: install Debian's Docker Engine if missing and start dockerd
# without systemd, then wait until `docker info` answers. Exits at once if it already does.
#
# Environment (all optional):
#   DOCKER_SOCK                  socket to serve/check       (default /var/run/docker.sock)
#   DOCKERD_PIDFILE              dockerd pidfile             (default /var/run/docker.pid)
#   DOCKERD_LOG                  dockerd log file, appended  (default /var/log/dockerd.log)
#   DOCKERD_INSECURE_REGISTRIES  plain-HTTP registries, space separated (default 10.77.0.1:5000,
#                                the test registry on the netns bridge; loopback needs no flag)
#   DOCKERD_EXTRA_ARGS           more dockerd flags, word-split (e.g. "--debug")
#   DOCKER_STORAGE_DRIVER        force a storage driver (default: overlay2, vfs if unusable)
#   DOCKERD_WAIT_SECS            how long to wait for the daemon (default 60)
# Prints one line on stdout: "docker ready in N ms (VERSION, DRIVER, SOCKET)" or "docker already up ...".
set -eu
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

SOCK=${DOCKER_SOCK:-/var/run/docker.sock}
PIDFILE=${DOCKERD_PIDFILE:-/var/run/docker.pid}
LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
INSECURE=${DOCKERD_INSECURE_REGISTRIES-10.77.0.1:5000}
EXTRA=${DOCKERD_EXTRA_ARGS:-}
WAIT=${DOCKERD_WAIT_SECS:-60}
t0=$(now_ms)

# Swarm mode refuses to work with live-restore; fail early instead of half-working.
case " $EXTRA " in *--live-restore*) die "--live-restore is incompatible with swarm mode; remove it from DOCKERD_EXTRA_ARGS" ;; esac
if [ -f /etc/docker/daemon.json ] && grep -Eq '"live-restore"[[:space:]]*:[[:space:]]*true' /etc/docker/daemon.json; then
  die "/etc/docker/daemon.json sets live-restore, which is incompatible with swarm mode"
fi

# already_up: print the summary and return 0 if the engine answers. Warns when a daemon started
# by someone else lacks one of our insecure registries (pushes to it would then fail with
# "server gave HTTP response to HTTPS client").
already_up() {
  command -v docker >/dev/null 2>&1 || return 1
  info=$(docker -H "unix://$SOCK" info --format \
    '{{.ServerVersion}}, {{.Driver}}|{{range .RegistryConfig.IndexConfigs}}{{if not .Secure}}{{.Name}} {{end}}{{end}}' 2>/dev/null) ||
    return 1
  for r in $INSECURE; do
    case " ${info#*|}" in *" $r "*) ;; *) log "warning: the running dockerd was not started with --insecure-registry $r" ;; esac
  done
  echo "docker already up in $(( $(now_ms) - t0 )) ms (${info%%|*}, $SOCK)"
}

# Fast path: already up (no lock, no root needed).
if already_up; then exit 0; fi

need_root
with_lock docker-up
# Another caller may have started it while we waited for the lock.
if already_up; then exit 0; fi

ensure_docker_packages
ensure_cgroups
# ip_forward is left to dockerd: when it finds it off, it turns it on and sets the iptables
# FORWARD policy to DROP, so this host does not route for anyone but Docker's own bridges.
mkdir -p "$(dirname "$LOG")" "$(dirname "$PIDFILE")"

if pid_alive "$PIDFILE"; then
  # A daemon is starting (or hung): wait for it rather than start a second one.
  pid=$(cat "$PIDFILE")
  log "dockerd pid $pid is running but not answering yet; waiting"
else
  # Pidfiles left by a killed daemon (or its zombie) block startup.
  rm -f "$PIDFILE"
  clear_stale_pidfile /var/run/docker/containerd/containerd.pid
  SD=$(storage_driver /var/lib/docker)
  flags=""
  for r in $INSECURE; do flags="$flags --insecure-registry $r"; done
  # setsid: keep Ctrl-C / test-runner signals to our process group away from the daemon.
  # 9>&-: do not hand our lock fd to the long-lived daemon.
  # No --live-restore (swarm); cgroupfs is the cgroup driver without systemd.
  # shellcheck disable=SC2086 # $flags and $EXTRA are flag lists and must be word-split
  setsid nohup dockerd --host "unix://$SOCK" --pidfile "$PIDFILE" --storage-driver "$SD" \
    --exec-opt native.cgroupdriver=cgroupfs --iptables=true \
    --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 \
    $flags $EXTRA >>"$LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  log "started dockerd pid $pid ($SD), log $LOG"
fi

wait_docker "$SOCK" "$pid" "$LOG" "$WAIT" || exit 1
echo "docker ready in $(( $(now_ms) - t0 )) ms ($(docker -H "unix://$SOCK" info --format '{{.ServerVersion}}, {{.Driver}}'), $SOCK)"
