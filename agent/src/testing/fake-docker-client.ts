/**
 * An in-memory DockerClient for unit tests: a tiny model of one engine (info, a swarm it may
 * manage, nodes, containers, and the application objects of fake-objects.ts / fake-services.ts)
 * with the Engine API's answers for the cases the handlers care about.
 * Every handler also has an integration test against a real engine (tests/integration/agent).
 */
import type { DockerClient } from "../docker/docker-client";
import { DockerError } from "../docker/docker-error";
import type { ContainerSummary, EngineInfo, NodeSpec, SwarmNode } from "../docker/engine-schemas";
import { createFakeObjects, type FakeObjects } from "./fake-objects";
import { createFakeServices, type FakeServices } from "./fake-services";

type FakeSwarm = {
  info: EngineInfo;
  swarmId: string | null;
  nodes: SwarmNode[];
  containers: ContainerSummary[];
  /** Calls made, "method:target", in order. */
  calls: string[];
  /** Make the next updateNode calls fail with "update out of sequence". */
  outOfSequence: number;
};

export type FakeEngine = FakeSwarm & FakeObjects & FakeServices;

export function baseEngineInfo(overrides: Partial<EngineInfo> = {}): EngineInfo {
  return {
    ID: "AAAA:BBBB",
    Name: "node-a",
    OperatingSystem: "Debian GNU/Linux 12 (bookworm)",
    KernelVersion: "6.1.0",
    Architecture: "x86_64",
    NCPU: 4,
    MemTotal: 8 * 1024 ** 3,
    DockerRootDir: "/var/lib/docker",
    ServerVersion: "20.10.24",
    Driver: "overlay2",
    Labels: [],
    GenericResources: [],
    Swarm: { NodeID: "", NodeAddr: "", LocalNodeState: "inactive", ControlAvailable: false, Error: "", RemoteManagers: [], Cluster: null },
    ...overrides,
  };
}

export function fakeNode(id: string, hostname: string, spec: Partial<NodeSpec> = {}): SwarmNode {
  return {
    ID: id,
    Version: { Index: 10 },
    Spec: { Labels: {}, Role: "worker", Availability: "active", ...spec },
    Description: { Hostname: hostname },
    Status: { State: "ready", Addr: "10.0.0.2" },
    ManagerStatus: null,
  };
}

const notManager = (operation: string) =>
  new DockerError({
    operation,
    target: null,
    statusCode: 503,
    detail: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
  });

export function createFakeDocker(info: EngineInfo = baseEngineInfo()): { docker: DockerClient; engine: FakeEngine } {
  const engine: FakeEngine = {
    info,
    swarmId: null,
    nodes: [],
    containers: [],
    calls: [],
    outOfSequence: 0,
    networks: [],
    secrets: [],
    configs: [],
    volumes: [],
    images: [],
    services: [],
    tasks: [],
    registryDigests: {},
    registryAuths: [],
    logStreams: [],
    serviceOutOfSequence: 0,
  };
  const requireManager = (operation: string) => {
    if (!engine.info.Swarm.ControlAvailable) throw notManager(operation);
  };
  let ids = 0;
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const nextId = (prefix: string) => `${prefix}-${++ids}`;
  const now = () => new Date((clock += 1000)).toISOString();
  const usedBy = (kind: "secret" | "config" | "network", id: string): string | null => {
    const key = kind === "secret" ? "SecretID" : kind === "config" ? "ConfigID" : "Target";
    const user = engine.services.find((service) => JSON.stringify(service.Spec).includes(`"${key}":"${id}"`));
    return user ? String(user.Spec.Name) : null;
  };
  const findNode = (id: string) => engine.nodes.find((node) => node.ID === id || node.ID.startsWith(id)) ?? null;

  const docker: DockerClient = {
    ...createFakeObjects(engine, { calls: engine.calls, requireManager, usedBy, nextId }),
    ...createFakeServices(engine, { calls: engine.calls, requireManager, networks: () => engine.networks, nextId, now }),
    socketPath: "/fake/docker.sock",
    info: async () => structuredClone(engine.info),
    version: async () => ({ Version: engine.info.ServerVersion, ApiVersion: "1.41" }),
    listContainers: async () => structuredClone(engine.containers),
    stopContainer: async ({ id }) => {
      const container = engine.containers.find((c) => c.Id === id);
      if (!container) return false;
      container.State = "exited";
      return true;
    },
    inspectSwarm: async () => {
      requireManager("swarm.inspect");
      return { ID: engine.swarmId ?? "", JoinTokens: { Worker: "SWMTKN-1-abc123-worker", Manager: "SWMTKN-1-abc123-manager" } };
    },
    initSwarm: async ({ advertiseAddr }) => {
      engine.calls.push(`initSwarm:${advertiseAddr ?? ""}`);
      if (engine.info.Swarm.LocalNodeState !== "inactive") {
        throw new DockerError({ operation: "swarm.init", target: null, statusCode: 503, detail: "This node is already part of a swarm." });
      }
      const addr = advertiseAddr ?? "10.0.0.1";
      engine.swarmId = "swarm-1";
      engine.info.Swarm = {
        NodeID: "node-1",
        NodeAddr: addr,
        LocalNodeState: "active",
        ControlAvailable: true,
        Error: "",
        RemoteManagers: [{ NodeID: "node-1", Addr: `${addr}:2377` }],
        Cluster: { ID: "swarm-1" },
      };
      engine.nodes.push({
        ...fakeNode("node-1", engine.info.Name, { Role: "manager" }),
        ManagerStatus: { Leader: true, Addr: `${addr}:2377`, Reachability: "reachable" },
      });
      return "node-1";
    },
    joinSwarm: async ({ remoteAddrs }) => {
      engine.calls.push(`joinSwarm:${remoteAddrs.join(",")}`);
      if (engine.info.Swarm.LocalNodeState !== "inactive") {
        throw new DockerError({ operation: "swarm.join", target: null, statusCode: 503, detail: "This node is already part of a swarm." });
      }
      engine.info.Swarm = {
        NodeID: "node-2",
        NodeAddr: "10.0.0.2",
        LocalNodeState: "active",
        ControlAvailable: false,
        Error: "",
        RemoteManagers: remoteAddrs.map((addr, i) => ({ NodeID: `m${i}`, Addr: addr })),
        Cluster: null,
      };
    },
    leaveSwarm: async ({ force }) => {
      engine.calls.push(`leaveSwarm:${force}`);
      if (engine.info.Swarm.LocalNodeState === "inactive") {
        throw new DockerError({ operation: "swarm.leave", target: null, statusCode: 503, detail: "This node is not part of a swarm" });
      }
      engine.info.Swarm = baseEngineInfo().Swarm;
      engine.swarmId = null;
    },
    listNodes: async () => {
      requireManager("node.list");
      return structuredClone(engine.nodes);
    },
    inspectNode: async ({ id }) => {
      requireManager("node.inspect");
      const node = findNode(id);
      return node ? structuredClone(node) : null;
    },
    updateNode: async ({ id, version, spec }) => {
      engine.calls.push(`updateNode:${id}`);
      requireManager("node.update");
      const node = findNode(id);
      if (!node) throw new DockerError({ operation: "node.update", target: id, statusCode: 404, detail: `node ${id} not found` });
      if (engine.outOfSequence > 0 || version !== node.Version.Index) {
        engine.outOfSequence = Math.max(0, engine.outOfSequence - 1);
        node.Version.Index++; // someone else's change
        throw new DockerError({
          operation: "node.update",
          target: id,
          statusCode: 500,
          detail: "rpc error: code = Unknown desc = update out of sequence",
        });
      }
      node.Spec = structuredClone(spec);
      node.Version.Index++;
    },
    removeNode: async ({ id }) => {
      engine.calls.push(`removeNode:${id}`);
      requireManager("node.remove");
      const node = findNode(id);
      if (!node) return false;
      engine.nodes = engine.nodes.filter((other) => other !== node);
      return true;
    },
  };
  return { docker, engine };
}
