/**
 * A small typed client for the Docker Engine API calls the agent makes, over the engine's unix
 * socket (dockerode underneath). Responses are validated; 404 is answered explicitly where it
 * means "already gone" (null/false), everything else throws a DockerError with context. Swarm and
 * node calls live here; application objects and services in objects-api.ts and services-api.ts.
 */
import { z } from "zod";
import { createEngineConnection } from "./engine-connection";
import {
  containerSummarySchema,
  engineInfoSchema,
  engineVersionSchema,
  swarmInspectSchema,
  swarmNodeSchema,
  type ContainerSummary,
  type EngineInfo,
  type EngineVersion,
  type NodeSpec,
  type SwarmInspect,
  type SwarmNode,
} from "./engine-schemas";
import { createObjectsApi, type ObjectsApi } from "./objects-api";
import { createServicesApi, type ServicesApi } from "./services-api";

type Signal = { signal?: AbortSignal };
export type SwarmInitOptions = Signal & { listenAddr: string; advertiseAddr?: string };
export type SwarmJoinOptions = Signal & { remoteAddrs: string[]; joinToken: string; listenAddr: string; advertiseAddr?: string };
export type SwarmLeaveOptions = Signal & { force: boolean };
export type UpdateNodeOptions = Signal & { id: string; version: number; spec: NodeSpec };
export type RemoveNodeOptions = Signal & { id: string; force: boolean };

export type DockerClient = SwarmApi & ObjectsApi & ServicesApi;

export type SwarmApi = {
  readonly socketPath: string;
  info(options?: Signal): Promise<EngineInfo>;
  version(options?: Signal): Promise<EngineVersion>;
  listContainers(options?: Signal): Promise<ContainerSummary[]>;
  /** Stops a container (its stop signal, then SIGKILL after the timeout); false when it was gone (404). A stopped one stays stopped (304). */
  stopContainer(options: Signal & { id: string; timeoutSeconds: number }): Promise<boolean>;
  /** Manager only; a worker or an engine outside a swarm gets a DockerError (503). */
  inspectSwarm(options?: Signal): Promise<SwarmInspect>;
  /** Returns the new node ID. */
  initSwarm(options: SwarmInitOptions): Promise<string>;
  joinSwarm(options: SwarmJoinOptions): Promise<void>;
  leaveSwarm(options: SwarmLeaveOptions): Promise<void>;
  listNodes(options?: Signal): Promise<SwarmNode[]>;
  /** null when the node does not exist (404). */
  inspectNode(options: Signal & { id: string }): Promise<SwarmNode | null>;
  updateNode(options: UpdateNodeOptions): Promise<void>;
  /** false when the node did not exist (404). */
  removeNode(options: RemoveNodeOptions): Promise<boolean>;
};

export function createDockerClient(socketPath: string): DockerClient {
  const engine = createEngineConnection(socketPath);
  const { docker, call, callVoid, callOr, callIfFound } = engine;

  // dockerode's info, version and swarmInspect accept { abortSignal } at run time, but
  // @types/dockerode declares only their no-argument (and callback) forms. TypeScript lets a
  // no-argument function stand where one taking options is expected, so the declared form is
  // accepted as OptionsMethod without a cast; this type is what dockerode's code actually does.
  type OptionsMethod = (this: typeof docker, options: { abortSignal?: AbortSignal }) => Promise<unknown>;
  const withSignal = (method: OptionsMethod, signal: AbortSignal | undefined) => method.call(docker, { abortSignal: signal });

  return {
    ...createObjectsApi(engine),
    ...createServicesApi(engine),
    socketPath,
    info: ({ signal } = {}) => call("info", null, engineInfoSchema, () => withSignal(docker.info, signal)),
    version: ({ signal } = {}) => call("version", null, engineVersionSchema, () => withSignal(docker.version, signal)),
    listContainers: ({ signal } = {}) =>
      call("container.list", null, containerSummarySchema.array(), () => docker.listContainers({ all: true, abortSignal: signal })),
    stopContainer: ({ id, timeoutSeconds, signal }) =>
      callIfFound("container.stop", id, () => docker.getContainer(id).stop({ t: timeoutSeconds, abortSignal: signal })),
    inspectSwarm: ({ signal } = {}) => call("swarm.inspect", null, swarmInspectSchema, () => withSignal(docker.swarmInspect, signal)),
    initSwarm: ({ listenAddr, advertiseAddr, signal }) =>
      call("swarm.init", advertiseAddr ?? null, z.string().min(1), () =>
        docker.swarmInit({ ListenAddr: listenAddr, AdvertiseAddr: advertiseAddr, abortSignal: signal }),
      ),
    joinSwarm: ({ remoteAddrs, joinToken, listenAddr, advertiseAddr, signal }) =>
      callVoid("swarm.join", remoteAddrs.join(","), () =>
        docker.swarmJoin({
          RemoteAddrs: remoteAddrs,
          JoinToken: joinToken,
          ListenAddr: listenAddr,
          AdvertiseAddr: advertiseAddr,
          abortSignal: signal,
        }),
      ),
    leaveSwarm: ({ force, signal }) => callVoid("swarm.leave", null, () => docker.swarmLeave({ force, abortSignal: signal })),
    listNodes: ({ signal } = {}) => call("node.list", null, swarmNodeSchema.array(), () => docker.listNodes({ abortSignal: signal })),
    inspectNode: ({ id, signal }) =>
      callOr("node.inspect", id, swarmNodeSchema.nullable(), null, () => docker.getNode(id).inspect({ abortSignal: signal })),
    updateNode: ({ id, version, spec, signal }) =>
      callVoid("node.update", id, () => docker.getNode(id).update({ _query: { version }, _body: spec, abortSignal: signal })),
    removeNode: ({ id, force, signal }) => callIfFound("node.remove", id, () => docker.getNode(id).remove({ force, abortSignal: signal })),
  };
}
