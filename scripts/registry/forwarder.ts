/**
 * TCP listeners for the registry: each REGISTRY_LISTEN address forwards connections, byte for
 * byte, to the registry's Unix socket. While the registry restarts (read-only mode for garbage
 * collection), new connections wait for it instead of being refused. An address that does not
 * exist yet (the runtime bridge 10.77.0.1 before its first node) is retried until it appears.
 */
import net from "node:net";

export type ForwarderOptions = {
  socketPath: string;
  /** How long a connection waits for the registry to come back. */
  waitMs?: number;
  note: (message: string, extra?: Record<string, unknown>) => void;
};

const RETRYABLE = new Set(["ENOENT", "ECONNREFUSED", "EAGAIN"]);

function forward(client: net.Socket, o: ForwarderOptions): void {
  const deadline = Date.now() + (o.waitMs ?? 30_000);
  client.pause();
  client.on("error", () => client.destroy());
  const attempt = () => {
    if (client.destroyed) return;
    const upstream = net.connect(o.socketPath);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      if (!connected && RETRYABLE.has(err.code ?? "") && Date.now() < deadline) {
        setTimeout(attempt, 100);
        return;
      }
      client.destroy();
    });
    upstream.on("close", () => connected && client.destroy());
    client.on("close", () => upstream.destroy());
  };
  attempt();
}

export type Listener = { address: string; close: () => void };

/** Listens on host:port (retrying while the address is unavailable) and forwards to the socket. */
export function listen(address: string, o: ForwarderOptions): Listener {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  let server: net.Server | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  const open = () => {
    if (closed) return;
    const s = net.createServer({ pauseOnConnect: true }, (c) => forward(c, o));
    s.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRNOTAVAIL") {
        if (!warned) o.note("address not available yet; retrying every 2 s", { address });
        warned = true;
        timer = setTimeout(open, 2000);
        return;
      }
      o.note("cannot listen", { address, error: err.message });
      process.exitCode = 1;
      process.kill(process.pid, "SIGTERM");
    });
    s.listen(port, host, () => {
      server = s;
      o.note("listening", { address });
    });
  };
  open();
  return {
    address,
    /** Stops accepting; open connections end when the registry stops. */
    close: () => {
      closed = true;
      clearTimeout(timer);
      server?.close();
    },
  };
}
