#!/bin/sh
# Wharf agent installer, served by the console at /install.sh:
#   curl -fsSL <console>/install.sh | sudo sh -s -- --url <gateway-url> --token <join-token>
# Installs the agent (one JavaScript file run by Node.js 18+) and starts it as a service. The agent
# connects OUT to the gateway; nothing on this machine listens for the control plane.
set -eu
CONSOLE_URL="__WHARF_CONSOLE_URL__"
URL="" TOKEN="" CA_FILE="" ADVERTISE="" FOREGROUND=0
PREFIX=/opt/wharf-agent STATE_DIR=/var/lib/wharf-agent ENV_FILE=/etc/wharf-agent.env

die() { echo "wharf-agent install: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --token) TOKEN=$2; shift 2 ;;
    --ca-file) CA_FILE=$2; shift 2 ;;
    --advertise-addr) ADVERTISE=$2; shift 2 ;;
    --foreground) FOREGROUND=1; shift ;;
    *) die "unknown option $1 (use --url, --token, --ca-file, --advertise-addr, --foreground)" ;;
  esac
done
[ -n "$URL" ] || die "--url <gateway URL> is required"
[ -n "$TOKEN" ] || die "--token <join token> is required"
[ "$(id -u)" = 0 ] || die "run as root (it installs a service and talks to the Docker socket)"
[ -S /var/run/docker.sock ] || die "Docker Engine is not running here (/var/run/docker.sock missing)"

if ! command -v node >/dev/null 2>&1 || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>18||(a===18&&b>=15)?0:1)'; then
  command -v apt-get >/dev/null 2>&1 || die "Node.js 18.15+ is required; install it and run this again"
  echo "installing Node.js (apt)"
  apt-get update -qq && apt-get install -y -qq nodejs >/dev/null
fi

mkdir -p "$PREFIX" "$STATE_DIR"
chmod 700 "$STATE_DIR"
curl -fsSL "$CONSOLE_URL/agent/wharf-agent.mjs" -o "$PREFIX/wharf-agent.mjs.new"
mv "$PREFIX/wharf-agent.mjs.new" "$PREFIX/wharf-agent.mjs"
umask 077
{
  echo "WHARF_URL=$URL"
  echo "WHARF_JOIN_TOKEN=$TOKEN"
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
