#!/bin/sh
# Wharf agent installer, served by the console at /install.sh:
#   curl -fsSL <console>/install.sh -o wharf-install.sh && echo <join-token> | sudo sh wharf-install.sh --url <gateway-url> --token-file /dev/stdin
# Installs the agent (one JavaScript file run by Node.js 18+) and starts it as a service. The agent
# connects OUT to the gateway; nothing on this machine listens for the control plane.
# The join token comes from --token-file (a file, or /dev/stdin), the WHARF_JOIN_TOKEN environment
# variable, or --token (kept for older commands; it shows the token in `ps`). It is handed to the
# agent in a root-only file that the agent deletes once it has joined; it is never written into
# the service's environment file.
set -eu
CONSOLE_URL="__WHARF_CONSOLE_URL__"
URL="" TOKEN="${WHARF_JOIN_TOKEN:-}" TOKEN_FILE="" CA_FILE="" ADVERTISE="" FOREGROUND=0
PREFIX=/opt/wharf-agent STATE_DIR=/var/lib/wharf-agent ENV_FILE=/etc/wharf-agent.env AGENT_TOKEN_FILE=/etc/wharf-agent.join-token

die() { echo "wharf-agent install: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --token) TOKEN=$2; shift 2 ;;
    --token-file) TOKEN_FILE=$2; shift 2 ;;
    --ca-file) CA_FILE=$2; shift 2 ;;
    --advertise-addr) ADVERTISE=$2; shift 2 ;;
    --foreground) FOREGROUND=1; shift ;;
    *) die "unknown option $1 (use --url, --token-file, --ca-file, --advertise-addr, --foreground)" ;;
  esac
done
[ -n "$URL" ] || die "--url <gateway URL> is required"
if [ -n "$TOKEN_FILE" ]; then
  [ -r "$TOKEN_FILE" ] || die "cannot read the join token file $TOKEN_FILE"
  TOKEN=$(head -c 512 "$TOKEN_FILE" | tr -d ' \t\r\n')
fi
[ "$(id -u)" = 0 ] || die "run as root (it installs a service and talks to the Docker socket)"
[ -S /var/run/docker.sock ] || die "Docker Engine is not running here (/var/run/docker.sock missing)"

if ! command -v node >/dev/null 2>&1 || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>18||(a===18&&b>=15)?0:1)'; then
  command -v apt-get >/dev/null 2>&1 || die "Node.js 18.15+ is required; install it and run this again"
  echo "installing Node.js (apt)"
  apt-get update -qq && apt-get install -y -qq nodejs >/dev/null
fi

# HAProxy: the agent runs it for the cluster's load balancers when this node is labelled
# wharf.lb=true. Installed now so a node can take that role later without another install.
if ! command -v haproxy >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing HAProxy (apt; it serves only when this node is labelled wharf.lb=true)"
    # no service of its own: the agent starts HAProxy with Wharf's configuration
    [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
    apt-get install -y -qq --no-install-recommends haproxy >/dev/null || echo "HAProxy could not be installed; this node cannot run load balancers until it is"
  else
    echo "HAProxy is not installed; install it if this node is to run load balancers (wharf.lb=true)"
  fi
fi

mkdir -p "$PREFIX" "$STATE_DIR"
chmod 700 "$STATE_DIR"
if [ -f "$STATE_DIR/credential.json" ]; then
  # Already joined: the stored credential is used; a token is not needed (and not kept).
  echo "this machine already has a Wharf node credential ($STATE_DIR/credential.json); reinstalling the agent only"
  TOKEN=""
  rm -f "$AGENT_TOKEN_FILE"
else
  [ -n "$TOKEN" ] || die "a join token is required: --token-file <file> (or /dev/stdin), or WHARF_JOIN_TOKEN"
fi
curl -fsSL "$CONSOLE_URL/agent/wharf-agent.mjs" -o "$PREFIX/wharf-agent.mjs.new"
mv "$PREFIX/wharf-agent.mjs.new" "$PREFIX/wharf-agent.mjs"
umask 077
# The token goes into a root-only file the agent deletes after joining, never into $ENV_FILE.
[ -z "$TOKEN" ] || printf '%s\n' "$TOKEN" >"$AGENT_TOKEN_FILE"
{
  echo "WHARF_URL=$URL"
  echo "WHARF_JOIN_TOKEN_FILE=$AGENT_TOKEN_FILE"
  echo "WHARF_STATE_DIR=$STATE_DIR"
  [ -z "$CA_FILE" ] || echo "WHARF_CA_FILE=$CA_FILE"
  [ -z "$ADVERTISE" ] || echo "WHARF_ADVERTISE_ADDR=$ADVERTISE"
} >"$ENV_FILE"

if [ "$FOREGROUND" = 1 ]; then
  set -a; . "$ENV_FILE"; set +a
  exec node "$PREFIX/wharf-agent.mjs"
elif [ -d /run/systemd/system ]; then
  cat >/etc/systemd/system/wharf-agent.service <<UNIT
[Unit]
Description=Wharf agent
After=docker.service network-online.target
[Service]
EnvironmentFile=$ENV_FILE
ExecStart=$(command -v node) $PREFIX/wharf-agent.mjs
# Exit codes 2, 3, 4 and 64 need a person (token refused, credential revoked, protocol, config).
Restart=on-failure
RestartPreventExitStatus=2 3 4 64
RestartSec=3
[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now wharf-agent
  echo "wharf-agent installed and started (systemctl status wharf-agent)"
else
  # No systemd: a supervised background process that restarts the agent if it exits with an error.
  nohup sh -c "set -a; . $ENV_FILE; set +a; while :; do node $PREFIX/wharf-agent.mjs; code=\$?; case \$code in 0|2|3|4|64) break ;; esac; sleep 3; done" \
    >>/var/log/wharf-agent.log 2>&1 </dev/null &
  echo "wharf-agent started in the background (log: /var/log/wharf-agent.log)"
fi
