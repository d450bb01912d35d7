#!/usr/bin/env bash
# Builds the agent image used by the `docker run` install variant (AGENT_IMAGE, default
# wharf/agent:latest): FROM scratch with this machine's Node.js, its shared libraries, the CA bundle
# and the agent bundle (.wharf/agent/wharf-agent.mjs). No network access needed.
# To use it on other machines, `docker save`/`docker load` it or push it to a registry they pull
# from, and set AGENT_IMAGE accordingly.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMAGE=${1:-${AGENT_IMAGE:-wharf/agent:latest}}
BUNDLE="$ROOT/.wharf/agent/wharf-agent.mjs"
[ -f "$BUNDLE" ] || node "$ROOT/agent/build.mjs" --quiet
NODE=$(command -v node)
CTX=$(mktemp -d)
trap 'rm -rf "$CTX"' EXIT
mkdir -p "$CTX/rootfs/usr/bin" "$CTX/rootfs/etc/ssl/certs" "$CTX/rootfs/app" "$CTX/rootfs/tmp"
cp -L "$NODE" "$CTX/rootfs/usr/bin/node"
for lib in $(ldd "$NODE" | grep -o '/[^ ]*'); do mkdir -p "$CTX/rootfs$(dirname "$lib")"; cp -L "$lib" "$CTX/rootfs$lib"; done
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$CTX/rootfs/etc/ssl/certs/"
cp "$BUNDLE" "$CTX/rootfs/app/wharf-agent.mjs"
cat >"$CTX/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV WHARF_STATE_DIR=/var/lib/wharf-agent NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
VOLUME /var/lib/wharf-agent
ENTRYPOINT ["/usr/bin/node", "/app/wharf-agent.mjs"]
DOCKERFILE
docker build -q -t "$IMAGE" "$CTX" >/dev/null
echo "built $IMAGE"
