#!/bin/sh
# netns-node.sh - run an extra Docker Engine in its own network namespace, playing a separate
# "customer machine" on the shared test bridge.
#
#   netns-node.sh up NAME INDEX   start node NAME at 10.77.0.(INDEX+1); prints its socket path
#   netns-node.sh down NAME [INDEX] [--purge]
#                                 leave swarm, stop the engine, delete netns and veth; the bridge
#                                 goes when no node is left (unless WHARF_KEEP_BRIDGE=1, as the test
#                                 suite sets while services listen on 10.77.0.1). --purge also
#                                 deletes its state dir.
#   netns-node.sh status NAME [INDEX]   key=value lines; exit 0 if the engine answers, 3 if not
#   netns-node.sh bridge [up|down]  only create the bridge (prints 10.77.0.1), e.g. before
#                                 binding a registry or control plane there; `down` removes it
#                                 if no node uses it
#
# Layout: bridge wharfbr0 10.77.0.1/24 on the host; netns wharf-NAME with eth0 (veth, host side
# wharfvINDEX) at 10.77.0.(INDEX+1)/24, default route via 10.77.0.1; hostname NAME (own UTS ns);
# engine state in $WHARF_RUNTIME_DIR/nodes/NAME/{data,exec,docker.sock,docker.pid,dockerd.log}.
#
# Environment: WHARF_RUNTIME_DIR (default /var/lib/wharf-runtime); NODE_GPUS=N advertises N fake
# GPUs (generic resource kind "gpu": GPU-0..GPU-N-1); NODE_DOCKERD_EXTRA_ARGS more dockerd flags;
# DOCKERD_WAIT_SECS (default 60); WHARF_SWARM_MANAGER_SOCK: on `down`, the node is also removed
# from the swarm if this engine manages it (default /var/run/docker.sock; "" = don't).
set -eu
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

RT=${WHARF_RUNTIME_DIR:-/var/lib/wharf-runtime}
BR=wharfbr0
BR_ADDR=10.77.0.1
CHAIN=WHARF-RT
WAIT=${DOCKERD_WAIT_SECS:-60}

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }

# --- arguments ------------------------------------------------------------------------------
CMD=${1:-}; NAME=${2:-}; INDEX=""; PURGE=""
[ $# -ge 1 ] || usage
shift; [ $# -eq 0 ] || shift
for a in "$@"; do
  case $a in
    --purge) PURGE=1 ;;
    *[!0-9]* | "") die "bad argument: $a" ;;
    *) INDEX=$a ;;
  esac
done
if [ "$CMD" = bridge ]; then
  case $NAME in "" | up | down) ;; *) usage ;; esac
else
  # NAME doubles as the hostname and is part of interface/netns names: keep it DNS-safe.
  echo "$NAME" | grep -Eq '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$' || die "NAME must be lowercase letters, digits and '-', max 32 chars: '$NAME'"
fi
NS=wharf-$NAME
DIR=$RT/nodes/$NAME
SOCK=$DIR/docker.sock
PIDFILE=$DIR/docker.pid
LOGF=$DIR/dockerd.log
# INDEX may be omitted after `up`: it is remembered in the state dir.
[ -n "$INDEX" ] || [ ! -s "$DIR/index" ] || INDEX=$(cat "$DIR/index")

# --- host side: bridge and firewall ---------------------------------------------------------
ensure_bridge() {
  if ! ip link show "$BR" >/dev/null 2>&1; then
    ip link add "$BR" type bridge
    log "created bridge $BR"
  fi
  ip addr replace "$BR_ADDR/24" dev "$BR"
  ip link set "$BR" up
  # ip_forward is left alone: bridging needs none, and when Docker finds it off it turns it on
  # and sets the FORWARD policy to DROP. Bridged frames go through iptables FORWARD too
  # (br_netfilter), so the bridge gets its own chain, first in FORWARD:
  #  - node <-> node over the bridge: accept (swarm gossip, vxlan between netns nodes)
  #  - replies to connections from elsewhere: accept
  #  - DNATed to the host's Docker containers (published ports on 10.77.0.1): Docker's rules decide
  #  - anything else from the nodes (the internet, Docker Hub): reject, so nothing leaves this
  #    machine. TCP gets a reset (immediate); other protocols an ICMP error, which the kernel
  #    rate-limits, so UDP senders may still wait for their timeout. (DNS is handled separately:
  #    the nodes' resolv.conf points at 127.0.0.1, see start_engine.)
  iptables -w -N "$CHAIN" 2>/dev/null || iptables -w -F "$CHAIN"
  iptables -w -A "$CHAIN" -i "$BR" -o "$BR" -j ACCEPT
  iptables -w -A "$CHAIN" -i "$BR" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  iptables -w -A "$CHAIN" -i "$BR" -m conntrack --ctstate DNAT -j RETURN
  iptables -w -A "$CHAIN" -i "$BR" -p tcp -j REJECT --reject-with tcp-reset
  iptables -w -A "$CHAIN" -i "$BR" -j REJECT
  iptables -w -C FORWARD -j "$CHAIN" 2>/dev/null || iptables -w -I FORWARD 1 -j "$CHAIN"
}

remove_bridge_if_unused() {
  if ip netns list 2>/dev/null | grep -q '^wharf-'; then return 0; fi
  if ip link show "$BR" >/dev/null 2>&1; then ip link del "$BR"; log "removed bridge $BR"; fi
  while iptables -w -D FORWARD -j "$CHAIN" 2>/dev/null; do :; done
  iptables -w -F "$CHAIN" 2>/dev/null || true
  iptables -w -X "$CHAIN" 2>/dev/null || true
}

# --- node side ------------------------------------------------------------------------------
ndocker() { docker -H "unix://$SOCK" "$@"; }

check_index() {
  [ -n "$INDEX" ] || die "INDEX is required for 'up'"
  if [ "$INDEX" -lt 1 ] || [ "$INDEX" -gt 253 ]; then die "INDEX must be 1..253 (address 10.77.0.(INDEX+1))"; fi
  # unix socket paths are limited to 107 bytes; the longest one dockerd creates is this
  _longest="$DIR/exec/containerd/containerd-debug.sock"
  if [ ${#_longest} -gt 107 ]; then die "socket path too long (${#_longest} > 107): use a shorter WHARF_RUNTIME_DIR or NAME"; fi
  if [ -s "$DIR/index" ] && [ "$(cat "$DIR/index")" != "$INDEX" ] && [ -e "/run/netns/$NS" ]; then
    die "node $NAME is already up with index $(cat "$DIR/index")"
  fi
  for f in "$RT"/nodes/*/index; do
    [ -s "$f" ] || continue
    other=$(basename "$(dirname "$f")")
    if [ "$other" != "$NAME" ] && [ "$(cat "$f")" = "$INDEX" ] && [ -e "/run/netns/wharf-$other" ]; then
      die "index $INDEX is taken by node $other"
    fi
  done
}

ensure_netns() {
  veth=wharfv$INDEX
  [ -e "/run/netns/$NS" ] || ip netns add "$NS"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip -n "$NS" link del eth0 2>/dev/null || true
    ip link add "$veth" type veth peer name eth0 netns "$NS"
  fi
  ip link set "$veth" master "$BR" up
  ip -n "$NS" link set lo up
  ip -n "$NS" addr replace "10.77.0.$((INDEX + 1))/24" dev eth0
  ip -n "$NS" link set eth0 up
  ip -n "$NS" route replace default via "$BR_ADDR"
}

start_engine() {
  mkdir -p "$DIR/data" "$DIR/exec" "$DIR/etc-docker" /etc/docker
  echo "$INDEX" >"$DIR/index"
  # Own (empty) config file: the host's /etc/docker/daemon.json is not for this engine.
  [ -f "$DIR/etc-docker/daemon.json" ] || echo '{}' >"$DIR/etc-docker/daemon.json"
  # The node has no DNS server it may use. With the host's nameserver, every image pull first
  # tries registry-1.docker.io and waits ~5 s for the DNS timeout (the ICMP error from our
  # REJECT is rate-limited). A nameserver on the node's own loopback fails at once.
  printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$DIR/resolv.conf"
  rm -f "$PIDFILE"
  clear_stale_pidfile "$DIR/exec/containerd/containerd.pid"
  case ${NODE_GPUS:-0} in *[!0-9]*) die "NODE_GPUS must be a number: '$NODE_GPUS'" ;; esac
  gpus=""
  i=0
  while [ "$i" -lt "${NODE_GPUS:-0}" ]; do gpus="$gpus --node-generic-resource gpu=GPU-$i"; i=$((i + 1)); done
  sd=$(storage_driver "$DIR/data")
  # nsenter --net, NOT `ip netns exec`: the latter remounts /sys, the cgroup v1 mounts vanish
  # and dockerd dies with "Devices cgroup isn't mounted".
  # unshare --uts: own hostname (swarm's node.hostname).
  # unshare --mount (private): own /etc/resolv.conf (above) and own /etc/docker, because
  # dockerd 20.10 derives its engine ID from /etc/docker/key.json and has no flag to move it
  # (a shared file gives every node the host's `docker info` ID). The node's container
  # mounts also stay out of the host's mount table and vanish with the node.
  # --cgroup-parent keeps its containers apart from the host engine's /docker cgroups.
  # --bip 172.31.INDEX.1/24 differs from the host's docker0 (172.17.0.0/16) and every other node's.
  # shellcheck disable=SC2086,SC2016 # $gpus and the extra args are flag lists; $1/$2 are sh -c's
  setsid nsenter --net="/run/netns/$NS" unshare --uts --mount \
    sh -c 'hostname "$1" && mount --bind "$2/etc-docker" /etc/docker &&
      { [ ! -e /etc/resolv.conf ] || mount --bind "$2/resolv.conf" /etc/resolv.conf; } &&
      shift 2 && exec "$@"' sh "$NAME" "$DIR" \
    dockerd --config-file "$DIR/etc-docker/daemon.json" --data-root "$DIR/data" --exec-root "$DIR/exec" \
    --pidfile "$PIDFILE" --host "unix://$SOCK" --storage-driver "$sd" \
    --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$NS" \
    --bip "172.31.$INDEX.1/24" --insecure-registry "$BR_ADDR:5000" \
    --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 \
    $gpus ${NODE_DOCKERD_EXTRA_ARGS:-} >>"$LOGF" 2>&1 </dev/null 9>&- &
  pid=$!
  log "started dockerd for $NAME (pid $pid, ${NODE_GPUS:-0} GPUs), log $LOGF"
  wait_docker "$SOCK" "$pid" "$LOGF" "$WAIT"
}

cmd_up() {
  need_root
  with_lock netns
  check_index
  ensure_docker_packages
  ensure_cgroups
  ensure_bridge
  ensure_netns
  if docker_ok "$SOCK"; then
    log "node $NAME already up"
  elif pid_alive "$PIDFILE"; then
    log "node $NAME: dockerd $(cat "$PIDFILE") is starting; waiting"
    wait_docker "$SOCK" "$(cat "$PIDFILE")" "$LOGF" "$WAIT"
  else
    start_engine
  fi
  echo "$SOCK"
}

# kill_rest SIGNAL: signal whatever still runs in the node's netns or cgroups (the managed
# containerd, shims, containers) - only needed when dockerd did not shut down cleanly.
# Returns 1 when nothing was left.
kill_rest() {
  pids=$( { ip netns pids "$NS" 2>/dev/null || true
    cat /sys/fs/cgroup/*/"$NS"/tasks /sys/fs/cgroup/*/"$NS"/*/tasks 2>/dev/null || true; } | sort -u | tr '\n' ' ')
  [ -n "${pids% }" ] || return 1
  log "node $NAME: sending SIG$1 to leftover processes: $pids"
  # shellcheck disable=SC2086 # list of pids
  kill "-$1" $pids 2>/dev/null || true
}

# forget_node ID: a node that left stays listed, and counts as Ready for a few seconds, on the
# manager, which goes on placing tasks on it. If the host's engine manages the swarm, remove it
# there by its (unique) node id. WHARF_SWARM_MANAGER_SOCK="" turns this off.
forget_node() {
  mgr=${WHARF_SWARM_MANAGER_SOCK-/var/run/docker.sock}
  [ -n "$1" ] && [ -n "$mgr" ] || return 0
  [ "$(docker -H "unix://$mgr" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ] || return 0
  docker -H "unix://$mgr" node inspect "$1" >/dev/null 2>&1 || return 0
  if docker -H "unix://$mgr" node rm --force "$1" >/dev/null 2>&1; then
    log "removed node $1 ($NAME) from the swarm managed by $mgr"
  else
    log "warning: could not remove node $1 ($NAME) from the swarm managed by $mgr"
  fi
}

stop_engine() {
  node_id=""
  if docker_ok "$SOCK"; then
    state=$(ndocker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)
    if [ "$state" != inactive ]; then
      node_id=$(ndocker info --format '{{.Swarm.NodeID}}' 2>/dev/null || true)
      ndocker swarm leave --force >/dev/null 2>&1 || log "warning: swarm leave failed on $NAME (state $state)"
    fi
  fi
  if pid_alive "$PIDFILE"; then
    pid=$(cat "$PIDFILE")
    kill -TERM "$pid"
    # dockerd stops its containers first (up to 15 s each by default)
    i=0; while proc_alive "$pid" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    if proc_alive "$pid"; then log "dockerd $pid did not stop in 30 s; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  # The node's mounts live in its own mount namespace and vanish with its last process.
  if kill_rest TERM; then sleep 0.2; kill_rest KILL || true; fi
  # Swarm state must not come back on the next `up` (the node left, or was killed mid-swarm).
  rm -rf "$DIR/data/swarm"
  rm -f "$PIDFILE" "$SOCK"
  forget_node "$node_id"
  # empty per-node cgroups
  for d in /sys/fs/cgroup/*/"$NS"; do
    if [ -d "$d" ]; then find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
}

cmd_down() {
  need_root
  with_lock netns
  stop_engine
  if [ -n "$INDEX" ] && ip link show "wharfv$INDEX" >/dev/null 2>&1; then ip link del "wharfv$INDEX"; fi
  if [ -e "/run/netns/$NS" ]; then ip netns del "$NS"; fi
  if [ -n "$PURGE" ]; then rm -rf "$DIR"; elif [ -d "$DIR" ]; then rm -f "$DIR/index"; fi
  # Test runs keep the bridge: a registry and token realm listen on 10.77.0.1 between tests.
  [ "${WHARF_KEEP_BRIDGE:-}" = 1 ] || remove_bridge_if_unused
  log "node $NAME down"
}

cmd_status() {
  up=0
  echo "name=$NAME"
  echo "hostname=$NAME"
  echo "index=${INDEX:-}"
  [ -z "$INDEX" ] || echo "address=10.77.0.$((INDEX + 1))"
  echo "socket=$SOCK"
  if [ -e "/run/netns/$NS" ]; then echo "netns=$NS"; else echo "netns="; fi
  if pid_alive "$PIDFILE"; then echo "pid=$(cat "$PIDFILE")"; else echo "pid="; fi
  if docker_ok "$SOCK"; then
    up=1
    echo "engine=up"
    echo "swarm=$(ndocker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)"
  else
    echo "engine=down"
  fi
  [ "$up" = 1 ] || exit 3
}

case $CMD in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  bridge)
    need_root; with_lock netns
    if [ "$NAME" = down ]; then remove_bridge_if_unused; else ensure_bridge; echo "$BR_ADDR"; fi ;;
  *) usage ;;
esac
