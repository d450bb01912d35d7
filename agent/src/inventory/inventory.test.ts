import { describe, expect, it } from "vitest";
import { inventorySchema, MAX_ENGINE_LABELS } from "@/lib/protocol";
import { silentLogger } from "../log/logger";
import { baseEngineInfo, createFakeDocker } from "../testing/fake-docker-client";
import { offlineInventoryCollector } from "../testing/offline-inventory";
import { createInventoryCollector } from "./collect-inventory";
import { genericGpus } from "./generic-gpus";
import { hostIpv4Addresses } from "./host-addresses";
import { imageRepositories, MAX_REPOSITORIES } from "./image-repositories";
import { inventoryHash } from "./inventory-hash";
import { NVIDIA_SMI_ARGS, parseNvidiaSmiCsv, readNvidiaGpus } from "./nvidia-gpus";
import { toSwarmState } from "./swarm-state";

describe("nvidia-smi", () => {
  it("parses the csv query, model names with commas included", () => {
    const text = "0, GPU-8f6c, NVIDIA A100-SXM4-40GB, 40960\n1, GPU-11aa, Tesla T4, Rev. B, 15360\n\n";
    expect(parseNvidiaSmiCsv(text)).toEqual([
      { index: 0, id: "GPU-8f6c", model: "NVIDIA A100-SXM4-40GB", memoryBytes: 40960 * 1024 * 1024, source: "nvidia-smi" },
      { index: 1, id: "GPU-11aa", model: "Tesla T4, Rev. B", memoryBytes: 15360 * 1024 * 1024, source: "nvidia-smi" },
    ]);
    expect(parseNvidiaSmiCsv("0, GPU-x, Some GPU, [N/A]")[0]?.memoryBytes).toBeNull();
  });

  it("treats a missing binary as no GPUs and passes the documented query", async () => {
    const calls: string[][] = [];
    const missing = Object.assign(new Error("spawn nvidia-smi ENOENT"), { code: "ENOENT" });
    const exec = async (file: string, args: string[]): Promise<string> => {
      calls.push([file, ...args]);
      throw missing;
    };
    const gpus = await readNvidiaGpus({ log: silentLogger, exec });
    expect(gpus).toEqual([]);
    expect(calls).toEqual([["nvidia-smi", ...NVIDIA_SMI_ARGS]]);
    expect(NVIDIA_SMI_ARGS).toEqual(["--query-gpu=index,uuid,name,memory.total", "--format=csv,noheader,nounits"]);
  });
});

describe("generic GPUs", () => {
  it("reads named and discrete gpu resources and ignores other kinds", () => {
    const gpus = genericGpus([
      { NamedResourceSpec: { Kind: "gpu", Value: "GPU-0" } },
      { NamedResourceSpec: { Kind: "fpga", Value: "F-0" } },
      { NamedResourceSpec: { Kind: "NVIDIA-GPU", Value: "GPU-aaaa" } },
      { DiscreteResourceSpec: { Kind: "gpu", Value: 2 } },
    ]);
    expect(gpus.map((g) => [g.index, g.id, g.model, g.source])).toEqual([
      [0, "GPU-0", "gpu", "generic-resource"],
      [1, "GPU-aaaa", "NVIDIA-GPU", "generic-resource"],
      [2, "gpu-0", "gpu", "generic-resource"],
      [3, "gpu-1", "gpu", "generic-resource"],
    ]);
  });
});

describe("inventory", () => {
  it("comes from the engine, with local addresses plus the advertise address", async () => {
    const { docker } = createFakeDocker(
      baseEngineInfo({
        Name: "agt1",
        Labels: ["zone=eu-1", "ssd"],
        GenericResources: [
          { NamedResourceSpec: { Kind: "gpu", Value: "GPU-0" } },
          { NamedResourceSpec: { Kind: "gpu", Value: "GPU-dup" } },
        ],
      }),
    );
    const collect = createInventoryCollector({
      docker,
      log: silentLogger,
      advertiseAddr: "10.77.0.12",
      readNvidia: async () => [{ index: 0, id: "GPU-dup", model: "T4", memoryBytes: 1, source: "nvidia-smi" }],
      hostAddresses: () => ["192.0.2.5"],
      diskUsage: async (path) => ({ path, totalBytes: 100, freeBytes: 40 }),
    });
    const inventory = await collect();
    expect(inventorySchema.parse(inventory)).toEqual(inventory);
    expect(inventory).toMatchObject({
      machineId: "AAAA:BBBB",
      hostname: "agt1",
      cpu: { cores: 4 },
      memoryBytes: 8 * 1024 ** 3,
      disk: { path: "/var/lib/docker", totalBytes: 100, freeBytes: 40 },
      docker: { version: "20.10.24", apiVersion: "1.41", rootDir: "/var/lib/docker", storageDriver: "overlay2" },
      engineLabels: { zone: "eu-1", ssd: "" },
      addresses: ["10.77.0.12", "192.0.2.5"],
      advertiseAddr: "10.77.0.12",
    });
    expect(inventory.gpus.map((g) => `${g.source}:${g.id}`)).toEqual(["nvidia-smi:GPU-dup", "generic-resource:GPU-0"]);
  });

  it("hashes equal inventories equally, ignoring small free-space changes", async () => {
    const { docker, engine } = createFakeDocker();
    let free = 40_000;
    const collect = offlineInventoryCollector(docker, { diskUsage: async (path) => ({ path, totalBytes: 100_000, freeBytes: free }) });
    const first = inventoryHash(await collect());
    free = 40_200;
    expect(inventoryHash(await collect())).toBe(first);
    free = 30_000;
    expect(inventoryHash(await collect())).not.toBe(first);
    free = 40_000;
    engine.info.Labels = ["a=b"];
    expect(inventoryHash(await collect())).not.toBe(first);
  });

  it("keeps at most the protocol's number of engine labels, so the gateway never refuses the inventory (finding 5d)", async () => {
    const { docker } = createFakeDocker(
      baseEngineInfo({ Labels: Array.from({ length: MAX_ENGINE_LABELS + 50 }, (_, i) => `label-${String(i).padStart(3, "0")}=v`) }),
    );
    const collect = offlineInventoryCollector(docker, { diskUsage: async (path) => ({ path, totalBytes: 1, freeBytes: 1 }) });
    const inventory = await collect();
    expect(Object.keys(inventory.engineLabels)).toHaveLength(MAX_ENGINE_LABELS);
    expect(inventory.engineLabels["label-000"]).toBe("v");
    expect(inventorySchema.safeParse({ ...inventory, engineLabels: { ...inventory.engineLabels, extra: "x" } }).success).toBe(false);
  });
});

describe("swarm state and addresses", () => {
  it("maps docker info's Swarm section", () => {
    const swarm = {
      ...baseEngineInfo().Swarm,
      LocalNodeState: "active",
      NodeID: "n1",
      ControlAvailable: true,
      Cluster: { ID: "s1" },
      NodeAddr: "10.0.0.1",
      RemoteManagers: [{ NodeID: "n1", Addr: "10.0.0.1:2377" }],
    };
    expect(toSwarmState(swarm)).toEqual({
      state: "active",
      nodeId: "n1",
      clusterId: "s1",
      isManager: true,
      managerAddrs: ["10.0.0.1:2377"],
      nodeAddr: "10.0.0.1",
      error: null,
    });
    expect(toSwarmState({ ...swarm, LocalNodeState: "weird" })).toMatchObject({ state: "error", error: 'unknown swarm state "weird"' });
  });

  it("keeps non-internal IPv4 addresses only", () => {
    const entry = { netmask: "255.255.255.0", mac: "00:00:00:00:00:00", cidr: null };
    expect(
      hostIpv4Addresses({
        lo: [{ ...entry, address: "127.0.0.1", family: "IPv4", internal: true }],
        eth0: [
          { ...entry, address: "192.0.2.7", family: "IPv4", internal: false },
          { ...entry, address: "fe80::1", family: "IPv6", internal: false, scopeid: 2 },
        ],
        br0: [{ ...entry, address: "10.77.0.1", family: "IPv4", internal: false }],
      }),
    ).toEqual(["10.77.0.1", "192.0.2.7"]);
  });
});

describe("image repositories", () => {
  it("lists repositories without tags or digests, registry ports kept, sorted and unique", () => {
    expect(
      imageRepositories([
        { Id: "sha256:1", RepoTags: ["wharf-test/node-app:1", "wharf-test/node-app:2"], RepoDigests: [] },
        { Id: "sha256:2", RepoTags: ["10.77.0.1:5000/wharf-test/busybox:1"], RepoDigests: ["10.77.0.1:5000/wharf-test/busybox@sha256:ab"] },
        { Id: "sha256:3", RepoTags: ["<none>:<none>"], RepoDigests: ["<none>@<none>"] },
        { Id: "sha256:4", RepoTags: [], RepoDigests: ["ghcr.io/org/pinned@sha256:cd"] },
        { Id: "sha256:5", RepoTags: ["localhost:5000/app"], RepoDigests: [] },
      ]),
    ).toEqual(["10.77.0.1:5000/wharf-test/busybox", "ghcr.io/org/pinned", "localhost:5000/app", "wharf-test/node-app"]);
  });

  it("caps the list at 500", () => {
    const images = Array.from({ length: 600 }, (_, i) => ({
      Id: `sha256:${i}`,
      RepoTags: [`app-${String(i).padStart(3, "0")}:1`],
      RepoDigests: [],
    }));
    const repositories = imageRepositories(images);
    expect(repositories).toHaveLength(MAX_REPOSITORIES);
    expect(repositories[0]).toBe("app-000");
  });

  it("are part of the inventory, whose hash changes only when the set changes", async () => {
    const { docker, engine } = createFakeDocker();
    engine.images = [{ Id: "sha256:1", RepoTags: ["web:1"], RepoDigests: [] }];
    const collect = offlineInventoryCollector(docker);
    const first = await collect();
    expect(first.images).toEqual(["web"]);
    // another tag and a re-ordered list of the same repositories: same set, same hash
    engine.images = [
      { Id: "sha256:2", RepoTags: ["web:2"], RepoDigests: [] },
      { Id: "sha256:1", RepoTags: ["web:1"], RepoDigests: [] },
    ];
    expect(inventoryHash(await collect())).toBe(inventoryHash(first));
    engine.images.push({ Id: "sha256:3", RepoTags: ["db:16"], RepoDigests: [] });
    const changed = await collect();
    expect(changed.images).toEqual(["db", "web"]);
    expect(inventoryHash(changed)).not.toBe(inventoryHash(first));
  });

  it("keep the last known list when the image list fails", async () => {
    const { docker, engine } = createFakeDocker();
    engine.images = [{ Id: "sha256:1", RepoTags: ["web:1"], RepoDigests: [] }];
    const collect = offlineInventoryCollector(docker);
    expect((await collect()).images).toEqual(["web"]);
    docker.listImages = async () => {
      throw new Error("engine hiccup");
    };
    expect((await collect()).images).toEqual(["web"]);
  });
});
