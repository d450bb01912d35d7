#!/bin/sh
# build-test-images.sh - build the test images locally, with no network (FROM scratch):
#   wharf-test/busybox:1    Debian's static busybox; CMD: httpd on :80 serving /www ("ok")
#   wharf-test/node-app:1   the host's /usr/bin/node + its ldd libraries + busybox, running
#   wharf-test/node-app:2   images/app.js on $PORT (3000); APP_VERSION v1 / v2
#   wharf-test/nginx-standin:1   the node app on port 80, standing in for nginx in the MISSION example
# Idempotent: an image is rebuilt only when its inputs (this script, images/*, the node and
# busybox binaries, the libraries) changed; they are hashed into the label org.wharf.test.inputs.
#
# usage: build-test-images.sh [--push REGISTRY_PREFIX]... [--load-into SOCKET]... [--force]
#   --push 127.0.0.1:5000/wharf-test   tag as PREFIX/busybox:1, PREFIX/node-app:{1,2} and push
#   --load-into /path/docker.sock      docker save | docker -H unix://SOCKET load (skipped when
#                                      that engine already has the same image ids)
#   --force                            rebuild even if cached
# Environment: DOCKER_SOCK (default /var/run/docker.sock), the engine to build in.
# stdout: one line per image ("NAME ID"), then one per push/load done.
set -eu
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
SOCK=${DOCKER_SOCK:-/var/run/docker.sock}
BB=/bin/busybox
NODE=/usr/bin/node
IMAGES="wharf-test/busybox:1 wharf-test/node-app:1 wharf-test/node-app:2 wharf-test/nginx-standin:1"
LABEL=org.wharf.test.inputs
PUSH=""; LOAD=""; FORCE=""; BUILT=""

while [ $# -gt 0 ]; do
  case $1 in
    --push) [ $# -ge 2 ] || die "--push needs a REGISTRY_PREFIX"; PUSH="$PUSH ${2%/}"; shift 2 ;;
    --load-into) [ $# -ge 2 ] || die "--load-into needs a SOCKET path"; LOAD="$LOAD $2"; shift 2 ;;
    --force) FORCE=1; shift ;;
    *) die "unknown argument: $1 (see the header of $0)" ;;
  esac
done

t0=$(now_ms)
d() { docker -H "unix://$SOCK" "$@"; }
docker_ok "$SOCK" || die "no Docker Engine answers at $SOCK (run scripts/runtime/docker-up.sh first)"
pkg_installed busybox-static || { need_root; ensure_packages busybox-static; }
# Debian's `busybox` package also installs /bin/busybox, dynamically linked: useless in scratch.
if ldd "$BB" >/dev/null 2>&1; then die "$BB is dynamically linked; install busybox-static"; fi
[ -x "$NODE" ] || die "$NODE not found (the node-app image copies the host's Node.js)"

with_lock build-test-images
WORK=$(mktemp -d /tmp/wharf-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

NODE_LIBS=$(ldd "$NODE" | grep -o '/[^ ]*')
# stat (not sha256) for the big binaries: hashing 100 MB of node each run would cost ~0.3 s.
# shellcheck disable=SC2086 # $NODE_LIBS is a list of paths
INPUTS=$({ cat "$0" "$HERE/lib.sh" "$HERE"/images/*; stat -L -c '%n %s %Y %i' "$BB" "$NODE" $NODE_LIBS; } |
  sha256sum | cut -c1-16)

# cached IMAGE: IMAGE exists and was built from the same inputs
cached() {
  [ -z "$FORCE" ] && [ "$(d image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null)" = "$INPUTS" ]
}

# run_quiet CMD...: run CMD with its output in a file; show the file only if CMD fails.
# (The 28.x CLI also warns that the legacy builder is deprecated; that is expected.)
run_quiet() {
  "$@" >"$WORK/out.log" 2>&1 || { cat "$WORK/out.log" >&2; die "failed: $*"; }
}

# busybox_rootfs DIR: /bin/busybox + applet symlinks, /tmp (1777), /etc/passwd, /etc/group.
# The symlinks are made here rather than by `RUN busybox --install`: no build container needed.
busybox_rootfs() {
  mkdir -p "$1/bin" "$1/tmp" "$1/etc"
  cp "$BB" "$1/bin/busybox"
  for a in $("$BB" --list); do [ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"; done
  chmod 1777 "$1/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$1/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$1/etc/group"
}

# The legacy builder works with both CLIs: BuildKit needs the buildx plugin with the 28.x CLI.
export DOCKER_BUILDKIT=0
build() { run_quiet d build --label "$LABEL=$INPUTS" "$@"; BUILT=1; }

if ! cached wharf-test/busybox:1; then
  c=$WORK/busybox
  busybox_rootfs "$c/rootfs"
  mkdir -p "$c/rootfs/www" && echo ok >"$c/rootfs/www/index.html"
  build -t wharf-test/busybox:1 -f "$HERE/images/busybox.Dockerfile" "$c"
  log "built wharf-test/busybox:1"
fi

if ! cached wharf-test/node-app:1; then
  c=$WORK/node
  busybox_rootfs "$c/rootfs"
  # the binary and every library ldd names, at the same paths (incl. the /lib64 loader)
  for f in "$NODE" $NODE_LIBS; do mkdir -p "$c/rootfs$(dirname "$f")"; cp -L "$f" "$c/rootfs$f"; done
  cp "$HERE/images/app.js" "$c/app.js"
  build -t wharf-test/node-app:1 --build-arg APP_VERSION=v1 -f "$HERE/images/node-app.Dockerfile" "$c"
  log "built wharf-test/node-app:1"
fi

if ! cached wharf-test/node-app:2; then
  # :2 = :1 with another APP_VERSION: same layers, tiny build (Dockerfile on stdin, no context)
  printf 'FROM wharf-test/node-app:1\nENV APP_VERSION=v2\n' >"$WORK/Dockerfile.v2"
  build -t wharf-test/node-app:2 - <"$WORK/Dockerfile.v2"
  log "built wharf-test/node-app:2"
fi

if ! cached wharf-test/nginx-standin:1; then
  # In place of nginx in the MISSION example: the node app on port 80, logging every request.
  printf 'FROM wharf-test/node-app:1\nENV APP_VERSION=nginx-standin PORT=80\nEXPOSE 80\n' >"$WORK/Dockerfile.nginx"
  build -t wharf-test/nginx-standin:1 - <"$WORK/Dockerfile.nginx"
  log "built wharf-test/nginx-standin:1"
fi

if [ -n "$BUILT" ]; then
  # rebuilt images leave their predecessors dangling; drop those (ours only: by label)
  d image prune -f --filter "label=$LABEL" >/dev/null 2>&1 || true
fi
for i in $IMAGES; do echo "$i $(d image inspect -f '{{.Id}}' "$i")"; done

for p in $PUSH; do
  for i in $IMAGES; do
    ref=$p/${i#wharf-test/}
    d tag "$i" "$ref"
    run_quiet d push "$ref"
    echo "pushed $ref"
  done
done

for s in $LOAD; do
  missing=""
  for i in $IMAGES; do
    [ "$(docker -H "unix://$s" image inspect -f '{{.Id}}' "$i" 2>/dev/null)" = "$(d image inspect -f '{{.Id}}' "$i")" ] ||
      missing="$missing $i"
  done
  if [ -n "$missing" ]; then
    # shellcheck disable=SC2086 # list of image names
    d save $missing | docker -H "unix://$s" load -q >/dev/null || die "loading$missing into $s failed"
    echo "loaded$missing into $s"
  else
    echo "already in $s"
  fi
done
log "test images ready in $(( $(now_ms) - t0 )) ms"
