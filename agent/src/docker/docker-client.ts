/**
 * A small typed client for the Docker Engine API calls the agent makes, over the engine's unix
 * socket (dockerode underneath). Responses are validated; 404 is answered explicitly where it
 * means "already gone" (null/false), everything else throws a DockerError with context.
 */
import Docker from "dockerode";
import { z } from "zod";
import { toDockerError } from "./docker-error";
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

type Signal = { signal?: AbortSignal };
export type SwarmInitOptions = Signal & { listenAddr: string; advertiseAddr?: string };
export type SwarmJoinOptions = Signal & { remoteAddrs: string[]; joinToken: string; listenAddr: string; advertiseAddr?: string };
export type SwarmLeaveOptions = Signal & { force: boolean };
export type UpdateNodeOptions = Signal & { id: string; version: number; spec: NodeSpec };
export type RemoveNodeOptions = Signal & { id: string; force: boolean };

export type DockerClient = {
  readonly socketPath: string;
  info(options?: Signal): Promise<EngineInfo>;
  version(options?: Signal): Promise<EngineVersion>;
  listContainers(options?: Signal): Promise<ContainerSummary[]>;
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
  const docker = new Docker({ socketPath });

  async function call<S extends z.ZodType>(operation: string, target: string | null, schema: S, run: () => Promise<unknown>): Promise<z.output<S>> {
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      throw toDockerError(error, operation, target, socketPath);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`docker ${operation}: unexpected response from the engine at ${socketPath} (${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"})`);
    }
    return parsed.data;
  }

  async function callVoid(operation: string, target: string | null, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw toDockerError(error, operation, target, socketPath);
    }
  }

  // dockerode accepts { abortSignal } on these methods; @types/dockerode only declares the no-argument form.
  type OptionsMethod = (this: Docker, options: { abortSignal?: AbortSignal }) => Promise<unknown>;
  const withSignal = (method: () => Promise<unknown>, signal: AbortSignal | undefined) =>
    (method as unknown as OptionsMethod).call(docker, { abortSignal: signal });
  const isNotFound = (error: unknown) => typeof error === "object" && error !== null && Reflect.get(error, "statusCode") === 404;

  return {
    socketPath,
    info: ({ signal } = {}) => call("info", null, engineInfoSchema, () => withSignal(docker.info, signal)),
    version: ({ signal } = {}) => call("version", null, engineVersionSchema, () => withSignal(docker.version, signal)),
    listContainers: ({ signal } = {}) =>
      call("container.list", null, containerSummarySchema.array(), () => docker.listContainers({ all: true, abortSignal: signal })),
    inspectSwarm: ({ signal } = {}) => call("swarm.inspect", null, swarmInspectSchema, () => withSignal(docker.swarmInspect, signal)),
    initSwarm: ({ listenAddr, advertiseAddr, signal }) =>
      call("swarm.init", advertiseAddr ?? null, z.string().min(1), () =>
        docker.swarmInit({ ListenAddr: listenAddr, AdvertiseAddr: advertiseAddr, abortSignal: signal }),
      ),
    joinSwarm: ({ remoteAddrs, joinToken, listenAddr, advertiseAddr, signal }) =>
      callVoid("swarm.join", remoteAddrs.join(","), () =>
        docker.swarmJoin({ RemoteAddrs: remoteAddrs, JoinToken: joinToken, ListenAddr: listenAddr, AdvertiseAddr: advertiseAddr, abortSignal: signal }),
      ),
    leaveSwarm: ({ force, signal }) => callVoid("swarm.leave", null, () => docker.swarmLeave({ force, abortSignal: signal })),
    listNodes: ({ signal } = {}) => call("node.list", null, swarmNodeSchema.array(), () => docker.listNodes({ abortSignal: signal })),
    inspectNode: ({ id, signal }) =>
      call("node.inspect", id, swarmNodeSchema.nullable(), async () => {
        try {
          return await docker.getNode(id).inspect({ abortSignal: signal });
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),
    updateNode: ({ id, version, spec, signal }) =>
      callVoid("node.update", id, () => docker.getNode(id).update({ _query: { version }, _body: spec, abortSignal: signal })),
    removeNode: ({ id, force, signal }) =>
      call("node.remove", id, z.boolean(), async () => {
        try {
          await docker.getNode(id).remove({ force, abortSignal: signal });
          return true;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      }),
  };
}
