#!/usr/bin/env node
// LOCAL STAND-IN for the "ossfs" Docker volume driver (Alibaba Cloud OSS mounted with ossfs).
// OSS cannot be reached from this machine, so this legacy Docker volume plugin keeps each volume
// in a local directory, <data-dir>/<bucket>/<volume>. It speaks the real plugin protocol
// (https://docs.docker.com/engine/extend/plugins_volume/) on /run/docker/plugins/ossfs.sock, so
// Docker engines use it exactly as they would use ossfs; only the storage behind it differs.
//
//   node scripts/standins/ossfs-volume-plugin.mjs [--socket /run/docker/plugins/ossfs.sock] [--data /var/lib/wharf-runtime/ossfs]
import { mkdirSync, readdirSync, rmSync, statSync, unlinkSync, existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    socket: { type: "string", default: "/run/docker/plugins/ossfs.sock" },
    data: { type: "string", default: "/var/lib/wharf-runtime/ossfs" },
  },
});
const volumes = new Map(); // name -> { bucket, mountpoint, mounts: Set }

const safe = (s) =>
  String(s ?? "")
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .slice(0, 200);
const mountpointOf = (name, bucket) => path.join(values.data, safe(bucket || "default"), safe(name));

// Volumes survive a plugin restart: rediscover them from the data directory.
if (existsSync(values.data)) {
  for (const bucket of readdirSync(values.data)) {
    for (const name of readdirSync(path.join(values.data, bucket))) {
      if (statSync(path.join(values.data, bucket, name)).isDirectory())
        volumes.set(name, { bucket, mountpoint: path.join(values.data, bucket, name), mounts: new Set() });
    }
  }
}

const handlers = {
  "/Plugin.Activate": () => ({ Implements: ["VolumeDriver"] }),
  "/VolumeDriver.Capabilities": () => ({ Capabilities: { Scope: "local" } }),
  "/VolumeDriver.Create": ({ Name, Opts }) => {
    const bucket = Opts?.bucket;
    if (!bucket) return { Err: "ossfs: driver_opts.bucket is required" };
    const mountpoint = mountpointOf(Name, bucket);
    mkdirSync(mountpoint, { recursive: true });
    volumes.set(Name, { bucket, mountpoint, mounts: new Set() });
    return { Err: "" };
  },
  "/VolumeDriver.Remove": ({ Name }) => {
    const v = volumes.get(Name);
    if (v && v.mounts.size > 0) return { Err: `ossfs: volume ${Name} is in use` };
    if (v) rmSync(v.mountpoint, { recursive: true, force: true });
    volumes.delete(Name);
    return { Err: "" };
  },
  "/VolumeDriver.Mount": ({ Name, ID }) => {
    const v = volumes.get(Name);
    if (!v) return { Err: `ossfs: no such volume ${Name}` };
    mkdirSync(v.mountpoint, { recursive: true });
    v.mounts.add(ID);
    return { Mountpoint: v.mountpoint, Err: "" };
  },
  "/VolumeDriver.Unmount": ({ Name, ID }) => {
    volumes.get(Name)?.mounts.delete(ID);
    return { Err: "" };
  },
  "/VolumeDriver.Path": ({ Name }) => {
    const v = volumes.get(Name);
    return v ? { Mountpoint: v.mountpoint, Err: "" } : { Err: `ossfs: no such volume ${Name}` };
  },
  "/VolumeDriver.Get": ({ Name }) => {
    const v = volumes.get(Name);
    return v
      ? { Volume: { Name, Mountpoint: v.mountpoint, Status: { bucket: v.bucket, standIn: "local directory" } }, Err: "" }
      : { Err: `ossfs: no such volume ${Name}` };
  },
  "/VolumeDriver.List": () => ({ Volumes: [...volumes.entries()].map(([Name, v]) => ({ Name, Mountpoint: v.mountpoint })), Err: "" }),
};

// A socket left behind by a dead plugin makes every engine wait 15 s on each volume lookup.
const cleanUp = () => {
  try {
    unlinkSync(values.socket);
  } catch {}
  process.exit(0);
};
process.on("SIGTERM", cleanUp);
process.on("SIGINT", cleanUp);

mkdirSync(path.dirname(values.socket), { recursive: true });
if (existsSync(values.socket)) unlinkSync(values.socket);
http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const handler = handlers[req.url ?? ""];
      let out;
      try {
        out = handler ? handler(body ? JSON.parse(body) : {}) : { Err: `ossfs: unsupported call ${req.url}` };
      } catch (err) {
        out = { Err: `ossfs: ${err.message}` };
      }
      res.writeHead(200, { "content-type": "application/vnd.docker.plugins.v1.2+json" });
      res.end(JSON.stringify(out));
    });
  })
  .listen(values.socket, () => process.stdout.write(`ossfs stand-in plugin on ${values.socket}, data in ${values.data}\n`));
