#!/bin/sh
# smoke-swarm.sh - end-to-end check of the runtime scripts on this machine, then a full teardown:
#   2 netns nodes (smoke1 with 2 fake GPUs, smoke2) join a swarm managed by the host's engine
#   (advertising 10.77.0.1); a throwaway plain-HTTP registry (docker-registry serve, config in a
#   temp dir) listens on 10.77.0.1:5000 and serves the test images. Checks:
#   - constraint node.hostname==smoke2: both replicas run there, from the registry image
#   - --generic-resource gpu=1 x3: 2 tasks on smoke1 (DOCKER_RESOURCE_GPU=GPU-0/GPU-1), 1 Pending
#   - --publish mode=host,target=3000 (node-app:2): answers "v2 <container>" over HTTP from the host
#   - a local-only image (--load-into, --no-resolve-image) starts at once on a netns node
#   - overlay network (dnsrr) between tasks on the two netns nodes
# Refuses to run when the host's engine is already in a swarm or 10.77.0.1:5000 is taken.
# Only traffic to loopback and the bridge/namespaces it creates. Needs root.
set -eu
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
need_root

REG=10.77.0.1:5000
N1=smoke1; N2=smoke2
T0=$(now_ms)
step() { log "[$(( $(now_ms) - T0 )) ms] $*"; }
fail() { log "FAIL: $*"; exit 1; }

"$HERE/docker-up.sh" >&2
[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = inactive ] ||
  die "the host's engine is already in a swarm; not touching it (docker swarm leave --force first)"
ensure_packages docker-registry

WORK=$(mktemp -d /tmp/wharf-smoke.XXXXXX)
REG_PID=""
cleanup() {
  rc=$?
  step "teardown"
  for s in smoke-pin smoke-gpu smoke-http smoke-local smoke-dnsrr; do docker service rm "$s" >/dev/null 2>&1 || true; done
  "$HERE/netns-node.sh" down "$N1" >&2 || rc=1
  "$HERE/netns-node.sh" down "$N2" >&2 || rc=1
  docker swarm leave --force >/dev/null 2>&1 || true
  for i in busybox:1 node-app:1 node-app:2; do docker rmi "$REG/wharf-test/$i" >/dev/null 2>&1 || true; done # untag only
  [ -z "$REG_PID" ] || kill "$REG_PID" 2>/dev/null || true
  rm -rf "$WORK"
  if [ "$rc" = 0 ]; then step "ALL CHECKS PASSED"; else step "FAILED (exit $rc)"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_tasks SERVICE N [SECONDS]: wait until N tasks of SERVICE are Running
wait_tasks() {
  i=0
  until [ "$(docker service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')" -ge "$2" ]; do
    i=$((i + 1)); [ $i -le $((${3:-30} * 5)) ] || { docker service ps --no-trunc "$1" >&2; fail "$1: fewer than $2 tasks running"; }
    sleep 0.2
  done
}
# http_get HOST PORT PATH: the body (HTTP from the host, with curl)
http_get() { curl -sS --max-time 5 "http://$1:$2$3"; }

step "netns nodes"
S1=$(NODE_GPUS=2 "$HERE/netns-node.sh" up "$N1" 201)
S2=$("$HERE/netns-node.sh" up "$N2" 202)

step "registry on $REG"
mkdir -p "$WORK/registry"
cat >"$WORK/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $WORK/registry/data
http:
  addr: $REG
EOF
if curl -s --max-time 2 -o /dev/null "http://$REG/v2/"; then die "something already answers on $REG"; fi
setsid docker-registry serve "$WORK/registry/config.yml" >"$WORK/registry/log" 2>&1 </dev/null &
REG_PID=$!
i=0; until curl -s --max-time 1 -o /dev/null "http://$REG/v2/"; do
  i=$((i + 1)); [ $i -le 50 ] || { cat "$WORK/registry/log" >&2; fail "registry did not start"; }; sleep 0.1
done

step "test images: build, push to $REG, load into $N2"
"$HERE/build-test-images.sh" --push "$REG/wharf-test" --load-into "$S2" >&2

step "swarm: init on the host (10.77.0.1), join $N1 and $N2"
docker swarm init --advertise-addr 10.77.0.1 --listen-addr 10.77.0.1:2377 --data-path-addr 10.77.0.1 >/dev/null
TOKEN=$(docker swarm join-token -q worker)
docker -H "unix://$S1" swarm join --token "$TOKEN" --advertise-addr 10.77.0.202 10.77.0.1:2377 >/dev/null
docker -H "unix://$S2" swarm join --token "$TOKEN" --advertise-addr 10.77.0.203 10.77.0.1:2377 >/dev/null
[ "$(docker node ls --filter role=worker --format '{{.Hostname}} {{.Status}}' | sort | tr '\n' ' ')" = "$N1 Ready $N2 Ready " ] ||
  { docker node ls >&2; fail "workers not Ready"; }

step "check: constraint node.hostname==$N2 with the registry image"
docker service create -d --name smoke-pin --replicas 2 --constraint "node.hostname==$N2" "$REG/wharf-test/busybox:1" >/dev/null
wait_tasks smoke-pin 2
[ "$(docker service ps smoke-pin --filter desired-state=running --format '{{.Node}}' | sort -u)" = "$N2" ] || fail "smoke-pin ran outside $N2"
c=$(docker -H "unix://$S2" ps -q --filter label=com.docker.swarm.service.name=smoke-pin | head -n 1)
[ "$(docker -H "unix://$S2" exec "$c" sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 127.0.0.1 80 | tail -n 1")" = ok ] ||
  fail "busybox httpd did not answer ok"

step "check: --generic-resource gpu=1 x3 lands on $N1 only (2 GPUs)"
docker service create -d --name smoke-gpu --replicas 3 --generic-resource gpu=1 "$REG/wharf-test/node-app:1" >/dev/null
wait_tasks smoke-gpu 2
sleep 1
[ "$(docker service ps smoke-gpu --filter desired-state=running --format '{{.Node}}' | grep -c "^$N1\$")" = 2 ] || fail "GPU tasks not on $N1"
docker service ps --no-trunc smoke-gpu --filter desired-state=running --format '{{.CurrentState}} {{.Error}}' |
  grep '^Pending' | grep -q 'insufficient resources' || { docker service ps --no-trunc smoke-gpu >&2; fail "3rd GPU task is not Pending"; }
gpus=$(for c in $(docker -H "unix://$S1" ps -q --filter label=com.docker.swarm.service.name=smoke-gpu); do
  docker -H "unix://$S1" exec "$c" sh -c 'echo $DOCKER_RESOURCE_GPU'; done | sort | tr '\n' ' ')
[ "$gpus" = "GPU-0 GPU-1 " ] || fail "tasks got GPUs '$gpus'"

step "check: --publish mode=host,target=3000 answers over HTTP from the host"
docker service create -d --name smoke-http --constraint "node.hostname==$N1" --publish mode=host,target=3000 \
  "$REG/wharf-test/node-app:2" >/dev/null
wait_tasks smoke-http 1
c=$(docker -H "unix://$S1" ps -q --filter label=com.docker.swarm.service.name=smoke-http)
port=$(docker -H "unix://$S1" inspect -f '{{(index (index .NetworkSettings.Ports "3000/tcp") 0).HostPort}}' "$c")
body=$(http_get 10.77.0.202 "$port" /)
[ "$body" = "v2 $(docker -H "unix://$S1" inspect -f '{{.Config.Hostname}}' "$c")" ] || fail "unexpected body '$body'"
[ "$(http_get 10.77.0.202 "$port" /healthz)" = ok ] || fail "/healthz"
docker service logs --raw smoke-http 2>/dev/null | grep -q 'GET /healthz 200' || fail "request not logged"
log "  http://10.77.0.202:$port/ -> $body"

step "check: local-only image (--no-resolve-image) on $N2"
t=$(now_ms)
docker service create -d --name smoke-local --no-resolve-image --constraint "node.hostname==$N2" wharf-test/node-app:1 >/dev/null
wait_tasks smoke-local 1
log "  running after $(( $(now_ms) - t )) ms"

step "check: overlay network (dnsrr) between $N1 and $N2"
docker network create -d overlay smoke-net >/dev/null
docker service create -d --name smoke-dnsrr --network smoke-net --endpoint-mode dnsrr --replicas 2 \
  --replicas-max-per-node 1 --constraint node.role==worker "$REG/wharf-test/node-app:1" >/dev/null
wait_tasks smoke-dnsrr 2
c=$(docker -H "unix://$S1" ps -q --filter label=com.docker.swarm.service.name=smoke-dnsrr)
# from the task on smoke1, call every task (one is on smoke2) through the overlay
# shellcheck disable=SC2016 # expanded inside the container
answers=$(docker -H "unix://$S1" exec "$c" sh -c 'for ip in $(nslookup tasks.smoke-dnsrr 127.0.0.11 2>/dev/null | sed -n "s/^Address: //p"); do
  printf "GET / HTTP/1.0\r\n\r\n" | nc -w 3 "$ip" 3000 | tail -n 1; done' | sort -u | wc -l)
[ "$answers" = 2 ] || fail "overlay: $answers distinct tasks answered, expected 2"
docker service rm smoke-dnsrr >/dev/null
