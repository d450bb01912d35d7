/**
 * Engine API calls for an application's supporting objects: overlay networks, swarm secrets and
 * configs, named volumes, and the image list. Lookups by name return every candidate (Docker's
 * name filters match substrings); callers pick the exact name. A 404 on remove means "already
 * gone" and answers false.
 */
import { z } from "zod";
import {
  imageSummarySchema,
  networkSummarySchema,
  swarmObjectSchema,
  volumeInspectSchema,
  volumeListSchema,
  type ImageSummary,
  type NetworkSummary,
  type SwarmObject,
  type VolumeInspect,
  type VolumeSummary,
} from "./app-schemas";
import type { EngineConnection } from "./engine-connection";

type Signal = { signal?: AbortSignal };
export type Labels = Record<string, string>;
export type SwarmObjectKind = "secret" | "config";

export type CreateNetworkOptions = Signal & {
  name: string;
  driver: string;
  attachable: boolean;
  labels: Labels;
  options: Record<string, string>;
};
export type CreateSwarmObjectOptions = Signal & { kind: SwarmObjectKind; name: string; dataBase64: string; labels: Labels };

export type ObjectsApi = {
  /** Networks whose name contains `name` and that carry all `labels`. */
  listNetworks(options: Signal & { name?: string; labels?: Labels }): Promise<NetworkSummary[]>;
  /** Returns the new network's ID; fails with 409 when the name is taken. */
  createNetwork(options: CreateNetworkOptions): Promise<string>;
  removeNetwork(options: Signal & { id: string }): Promise<boolean>;
  /** Secrets or configs whose name contains `name` and that carry all `labels`. */
  listSwarmObjects(options: Signal & { kind: SwarmObjectKind; name?: string; labels?: Labels }): Promise<SwarmObject[]>;
  /** Returns the new object's ID; fails with 409 when the name is taken. */
  createSwarmObject(options: CreateSwarmObjectOptions): Promise<string>;
  removeSwarmObject(options: Signal & { kind: SwarmObjectKind; id: string }): Promise<boolean>;
  /** Volumes carrying all of these labels (Docker ANDs label filters). */
  listVolumes(options: Signal & { labels: Labels }): Promise<VolumeSummary[]>;
  /** null when this engine has no volume of that name (404). */
  inspectVolume(options: Signal & { name: string }): Promise<VolumeInspect | null>;
  removeVolume(options: Signal & { name: string }): Promise<boolean>;
  listImages(options?: Signal): Promise<ImageSummary[]>;
};

function labelFilters(labels: Labels): string[] {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}

/** The Engine API's `filters` query: name (substring) and labels (all must match). */
export function nameAndLabelFilters(name: string | undefined, labels: Labels = {}): string {
  const filters: Record<string, string[]> = {};
  if (name) filters.name = [name];
  if (Object.keys(labels).length > 0) filters.label = labelFilters(labels);
  return JSON.stringify(filters);
}

const idSchema = z.object({ ID: z.string().optional(), Id: z.string().optional() }).transform((v, ctx) => {
  const id = v.ID ?? v.Id;
  if (!id) ctx.addIssue({ code: "custom", message: "no ID in the answer" });
  return id ?? "";
});

export function createObjectsApi(engine: EngineConnection): ObjectsApi {
  const { call, callOr, callIfFound, dial } = engine;
  const path = (kind: SwarmObjectKind) => (kind === "secret" ? "/secrets" : "/configs");
  return {
    listNetworks: ({ name, labels, signal }) =>
      call("network.list", name ?? null, networkSummarySchema.array(), () =>
        dial({ path: "/networks", method: "GET", query: { filters: nameAndLabelFilters(name, labels) }, signal }),
      ),
    createNetwork: ({ name, driver, attachable, labels, options, signal }) =>
      call("network.create", name, idSchema, () =>
        // CheckDuplicate: a second network with the same name is refused (409) instead of created
        dial({
          path: "/networks/create",
          method: "POST",
          body: { Name: name, Driver: driver, Attachable: attachable, Labels: labels, Options: options, CheckDuplicate: true },
          signal,
        }),
      ),
    removeNetwork: ({ id, signal }) =>
      callIfFound("network.remove", id, () => dial({ path: `/networks/${encodeURIComponent(id)}`, method: "DELETE", signal })),
    listSwarmObjects: ({ kind, name, labels, signal }) =>
      call(`${kind}.list`, name ?? null, swarmObjectSchema.array(), () =>
        dial({ path: path(kind), method: "GET", query: { filters: nameAndLabelFilters(name, labels) }, signal }),
      ),
    createSwarmObject: ({ kind, name, dataBase64, labels, signal }) =>
      // the target is the name only: the data never appears in errors or logs
      call(`${kind}.create`, name, idSchema, () =>
        dial({ path: `${path(kind)}/create`, method: "POST", body: { Name: name, Labels: labels, Data: dataBase64 }, signal }),
      ),
    removeSwarmObject: ({ kind, id, signal }) =>
      callIfFound(`${kind}.remove`, id, () => dial({ path: `${path(kind)}/${encodeURIComponent(id)}`, method: "DELETE", signal })),
    listVolumes: async ({ labels, signal }) => {
      const answer = await call("volume.list", null, volumeListSchema, () =>
        dial({ path: "/volumes", method: "GET", query: { filters: nameAndLabelFilters(undefined, labels) }, signal }),
      );
      return answer.Volumes;
    },
    inspectVolume: ({ name, signal }) =>
      callOr("volume.inspect", name, volumeInspectSchema, null, () =>
        dial({ path: `/volumes/${encodeURIComponent(name)}`, method: "GET", signal }),
      ),
    removeVolume: ({ name, signal }) =>
      callIfFound("volume.remove", name, () => dial({ path: `/volumes/${encodeURIComponent(name)}`, method: "DELETE", signal })),
    listImages: ({ signal } = {}) =>
      call("image.list", null, imageSummarySchema.array(), () => dial({ path: "/images/json", method: "GET", signal })),
  };
}
