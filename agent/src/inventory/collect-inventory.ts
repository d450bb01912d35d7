/**
 * Builds the node inventory from the engine's point of view: the agent may drive an engine that
 * is not the machine it runs on (a netns node in tests, a remote socket), so identity, CPU, memory
 * and disk come from `docker info`; only nvidia-smi and the interface list are read locally. The
 * image repositories come from the image list; if it fails, the last known list is reported.
 */
import fs from "node:fs/promises";
import net from "node:net";
import { inventorySchema, MAX_ENGINE_LABELS, type Inventory } from "@/lib/protocol";
import type { DockerClient } from "../docker/docker-client";
import type { Logger } from "../log/logger";
import { genericGpus } from "./generic-gpus";
import { hostIpv4Addresses } from "./host-addresses";
import { imageRepositories } from "./image-repositories";
import { readNvidiaGpus } from "./nvidia-gpus";
import { toSwarmState } from "./swarm-state";

export type DiskUsage = NonNullable<Inventory["disk"]>;

export type InventorySources = {
  docker: DockerClient;
  log: Logger;
  advertiseAddr: string | null;
  readNvidia?: () => Promise<Inventory["gpus"]>;
  hostAddresses?: () => string[];
  diskUsage?: (path: string) => Promise<DiskUsage | null>;
};

export type CollectInventory = (options?: { signal?: AbortSignal }) => Promise<Inventory>;

export async function diskUsageOf(path: string): Promise<DiskUsage | null> {
  // fs.statfs arrived in Node 18.15; older 18.x report no disk rather than fail to load
  if (!path || typeof fs.statfs !== "function") return null;
  try {
    const stats = await fs.statfs(path);
    return { path, totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize };
  } catch {
    // e.g. the agent runs in a container without the engine's data root mounted
    return null;
  }
}

export function createInventoryCollector(sources: InventorySources): CollectInventory {
  const { docker, log, advertiseAddr } = sources;
  const readNvidia = sources.readNvidia ?? (() => readNvidiaGpus({ log }));
  const hostAddresses = sources.hostAddresses ?? (() => hostIpv4Addresses());
  const diskUsage = sources.diskUsage ?? diskUsageOf;
  let images: string[] | undefined;
  let imagesFailing = false;
  const readImages = async (signal: AbortSignal | undefined) => {
    try {
      images = imageRepositories(await docker.listImages({ signal }));
      imagesFailing = false;
    } catch (error) {
      if (!imagesFailing) log.warn("cannot list the engine's images; the inventory keeps the last known repositories", { error });
      imagesFailing = true;
    }
    return images;
  };

  return async ({ signal } = {}) => {
    const [info, version, nvidia, repositories] = await Promise.all([
      docker.info({ signal }),
      docker.version({ signal }),
      readNvidia(),
      readImages(signal),
    ]);
    const disk = await diskUsage(info.DockerRootDir);
    const nvidiaIds = new Set(nvidia.map((gpu) => gpu.id));
    // engines often advertise the same GPUs as generic resources: keep nvidia-smi's richer entry
    const generic = genericGpus(info.GenericResources).filter((gpu) => !nvidiaIds.has(gpu.id));
    const addresses = new Set(hostAddresses());
    for (const candidate of [info.Swarm.NodeAddr, advertiseAddr]) {
      const host = candidate ? hostPart(candidate) : null;
      if (host && net.isIPv4(host)) addresses.add(host);
    }
    const inventory = {
      machineId: info.ID,
      hostname: info.Name,
      os: { name: info.OperatingSystem.slice(0, 200), kernel: info.KernelVersion.slice(0, 200), arch: info.Architecture.slice(0, 50) },
      cpu: { cores: info.NCPU },
      memoryBytes: info.MemTotal,
      disk,
      docker: {
        version: info.ServerVersion || version.Version,
        apiVersion: version.ApiVersion,
        rootDir: info.DockerRootDir,
        storageDriver: info.Driver,
      },
      gpus: [...nvidia, ...generic].slice(0, 64),
      engineLabels: parseEngineLabels(info.Labels, log),
      addresses: [...addresses].sort().slice(0, 64),
      advertiseAddr,
      swarm: toSwarmState(info.Swarm),
      ...(info.Plugins?.Volume ? { volumeDrivers: info.Plugins.Volume.slice(0, 100) } : {}),
      ...(repositories ? { images: repositories } : {}),
    };
    const parsed = inventorySchema.safeParse(inventory);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `inventory of the engine at ${docker.socketPath} is invalid: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown"}`,
      );
    }
    return parsed.data;
  };
}

/** "10.0.0.1:2377" → "10.0.0.1"; "[::1]:2377" → "::1"; interface names pass through. */
function hostPart(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) return bracketed[1];
  return /^[^:]+:\d+$/.test(address) ? (address.split(":")[0] ?? address) : address;
}

function parseEngineLabels(labels: readonly string[], log: Logger): Record<string, string> {
  const out: Record<string, string> = {};
  for (const label of labels) {
    const at = label.indexOf("=");
    const key = at < 0 ? label : label.slice(0, at);
    const value = at < 0 ? "" : label.slice(at + 1);
    if (!key || key.length > 200 || value.length > 500) {
      log.debug("engine label skipped (too long for the inventory)", { key: key.slice(0, 80) });
      continue;
    }
    out[key] = value;
  }
  const keys = Object.keys(out).sort();
  if (keys.length <= MAX_ENGINE_LABELS) return out;
  log.warn("too many engine labels for the inventory; keeping the first by name", { labels: keys.length, kept: MAX_ENGINE_LABELS });
  return Object.fromEntries(keys.slice(0, MAX_ENGINE_LABELS).map((k) => [k, out[k] ?? ""]));
}
