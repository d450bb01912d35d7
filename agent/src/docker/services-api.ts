/**
 * Engine API calls for swarm services: create/update exactly the given spec, tasks, removal,
 * digest resolution and log streams.
 *
 * Docker Hub: the engine resolves a service's image to a digest on POST /services/create and
 * /services/{id}/update only for requests of API version below 1.30 (the /v1.xx path prefix).
 * Newer clients resolve it themselves: the Go client's QueryRegistry option and the CLI's default
 * (without --no-resolve-image) call GET /distribution first and pin the digest. dockerode has no
 * such option, and these requests carry no version prefix (the engine takes its own, 1.41), so
 * the image reaches the swarm exactly as given: the `--no-resolve-image` behaviour. The only
 * registry lookup the agent ever asks for is resolveImageDigest, and only for images that name
 * their registry (see commands/image-reference.ts).
 */
import type { Readable } from "node:stream";
import { z } from "zod";
import {
  createdSchema,
  distributionSchema,
  serviceSchema,
  taskSchema,
  warningsSchema,
  type SwarmService,
  type SwarmTask,
} from "./app-schemas";
import type { EngineConnection } from "./engine-connection";
import { nameAndLabelFilters, type Labels } from "./objects-api";

type Signal = { signal?: AbortSignal };
export type ServiceSpecBody = Record<string, unknown>;
/** Credentials for a private registry, as X-Registry-Auth carries them. */
export type RegistryAuth = { username: string; password: string; serveraddress: string };
export type ServiceLogsOptions = Signal & { id: string; tail: number; follow: boolean };

export type ServicesApi = {
  /** Services whose name contains `name` and that carry all `labels` (callers match names exactly). */
  listServices(options: Signal & { name?: string; labels?: Labels }): Promise<SwarmService[]>;
  /** By ID (or exact name); null when missing. */
  inspectService(options: Signal & { id: string }): Promise<SwarmService | null>;
  createService(options: Signal & { spec: ServiceSpecBody; registryAuth?: RegistryAuth }): Promise<{ id: string; warnings: string[] }>;
  updateService(
    options: Signal & { id: string; version: number; spec: ServiceSpecBody; registryAuth?: RegistryAuth },
  ): Promise<{ warnings: string[] }>;
  removeService(options: Signal & { id: string }): Promise<boolean>;
  listTasks(options: Signal & { serviceIds: string[] }): Promise<SwarmTask[]>;
  /** Asks the registry that holds `image` for the digest its tag points to now (GET /distribution). */
  resolveImageDigest(options: Signal & { image: string; registryAuth?: RegistryAuth }): Promise<string>;
  /** GET /services/{id}/logs with timestamps and details, as a stream (multiplexed unless TTY). */
  openServiceLogs(options: ServiceLogsOptions): Promise<Readable>;
};

/** X-Registry-Auth: URL-safe base64 of the JSON, padded, as the Docker CLI encodes it. */
export function encodeRegistryAuth(auth: RegistryAuth): string {
  return Buffer.from(JSON.stringify({ username: auth.username, password: auth.password, serveraddress: auth.serveraddress }))
    .toString("base64")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

export function createServicesApi(engine: EngineConnection): ServicesApi {
  const { call, callOr, callIfFound, dial, dialStream } = engine;
  const encoded = (auth: RegistryAuth | undefined) => (auth ? encodeRegistryAuth(auth) : undefined);

  return {
    listServices: ({ name, labels = {}, signal }) =>
      call("service.list", name ?? null, serviceSchema.array(), () =>
        dial({ path: "/services", method: "GET", query: { filters: nameAndLabelFilters(name, labels) }, signal }),
      ),
    inspectService: ({ id, signal }) =>
      callOr("service.inspect", id, serviceSchema, null, () =>
        dial({ path: `/services/${encodeURIComponent(id)}`, method: "GET", signal }),
      ),
    createService: async ({ spec, registryAuth, signal }) => {
      const created = await call("service.create", serviceName(spec), createdSchema, () =>
        dial({ path: "/services/create", method: "POST", body: spec, registryAuth: encoded(registryAuth), signal }),
      );
      const id = created.ID ?? created.Id;
      if (!id) throw new Error(`docker service.create ${serviceName(spec)}: the engine answered no service ID`);
      return { id, warnings: created.Warnings };
    },
    updateService: async ({ id, version, spec, registryAuth, signal }) => {
      const answer = await call("service.update", id, warningsSchema, () =>
        dial({
          path: `/services/${encodeURIComponent(id)}/update`,
          method: "POST",
          query: { version },
          body: spec,
          registryAuth: encoded(registryAuth),
          signal,
        }),
      );
      return { warnings: answer.Warnings };
    },
    removeService: ({ id, signal }) =>
      callIfFound("service.remove", id, () => dial({ path: `/services/${encodeURIComponent(id)}`, method: "DELETE", signal })),
    listTasks: async ({ serviceIds, signal }) => {
      // no service filter would list every task of the swarm
      if (serviceIds.length === 0) return [];
      return call("task.list", null, taskSchema.array(), () =>
        dial({ path: "/tasks", method: "GET", query: { filters: JSON.stringify({ service: serviceIds }) }, signal }),
      );
    },
    resolveImageDigest: async ({ image, registryAuth, signal }) => {
      // the reference goes into the path unescaped, as the Docker CLI sends it ("host:5000/org/app:tag")
      const answer = await call("distribution.inspect", image, distributionSchema, () =>
        dial({ path: `/distribution/${image}/json`, method: "GET", registryAuth: encoded(registryAuth), signal }),
      );
      return answer.Descriptor.digest;
    },
    openServiceLogs: ({ id, tail, follow, signal }) =>
      call(
        "service.logs",
        id,
        z.custom<Readable>((value) => typeof value === "object" && value !== null),
        () =>
          dialStream({
            path: `/services/${encodeURIComponent(id)}/logs`,
            method: "GET",
            query: { stdout: true, stderr: true, timestamps: true, details: true, tail, follow },
            signal,
          }),
      ),
  };
}

function serviceName(spec: ServiceSpecBody): string {
  return typeof spec.Name === "string" ? spec.Name : "(unnamed)";
}
