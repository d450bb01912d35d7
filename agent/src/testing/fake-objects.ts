/**
 * The in-memory networks, secrets, configs, volumes and images of the fake engine, answering the
 * way Docker 20.10 does in the cases the handlers care about: substring name filters, ANDed label
 * filters, 409 on a taken name, 404 on a missing object, "in use" refusals.
 */
import type { ImageSummary, NetworkSummary, SwarmObject, VolumeSummary } from "../docker/app-schemas";
import { DockerError } from "../docker/docker-error";
import type { Labels, ObjectsApi, SwarmObjectKind } from "../docker/objects-api";

export type FakeNetwork = NetworkSummary & { Attachable: boolean; Options: Record<string, string> };
export type FakeSwarmObject = SwarmObject & { data: string };
export type FakeVolume = VolumeSummary & { inUseBy?: string; Driver?: string; Options?: Record<string, string> };

export type FakeObjects = {
  networks: FakeNetwork[];
  secrets: FakeSwarmObject[];
  configs: FakeSwarmObject[];
  volumes: FakeVolume[];
  images: ImageSummary[];
};

export type FakeObjectsHooks = {
  calls: string[];
  requireManager(operation: string): void;
  /** Name of the service using this network/secret/config id, if any. */
  usedBy(kind: SwarmObjectKind | "network", id: string): string | null;
  nextId(prefix: string): string;
};

export const matches = (name: string, wanted: string | undefined, labels: Labels, wantedLabels: Labels = {}) =>
  (!wanted || name.includes(wanted)) && Object.entries(wantedLabels).every(([key, value]) => labels[key] === value);

const error = (operation: string, target: string, statusCode: number, detail: string) =>
  new DockerError({ operation, target, statusCode, detail });

export function createFakeObjects(state: FakeObjects, hooks: FakeObjectsHooks): ObjectsApi {
  const { calls, requireManager, usedBy, nextId } = hooks;
  const objects = (kind: SwarmObjectKind) => (kind === "secret" ? state.secrets : state.configs);
  return {
    listNetworks: async ({ name, labels }) => structuredClone(state.networks.filter((n) => matches(n.Name, name, n.Labels, labels))),
    createNetwork: async ({ name, driver, attachable, labels, options }) => {
      calls.push(`createNetwork:${name}`);
      if (driver === "overlay") requireManager("network.create");
      if (state.networks.some((n) => n.Name === name)) throw error("network.create", name, 409, `network with name ${name} already exists`);
      const id = nextId("net");
      state.networks.push({
        Id: id,
        Name: name,
        Driver: driver,
        Scope: driver === "overlay" ? "swarm" : "local",
        Labels: { ...labels },
        Attachable: attachable,
        Options: { ...options },
      });
      return id;
    },
    removeNetwork: async ({ id }) => {
      calls.push(`removeNetwork:${id}`);
      const network = state.networks.find((n) => n.Id === id);
      if (!network) return false;
      const user = usedBy("network", id);
      if (user)
        throw error("network.remove", id, 400, `rpc error: code = FailedPrecondition desc = network ${id} is in use by service ${user}`);
      state.networks = state.networks.filter((n) => n !== network);
      return true;
    },
    listSwarmObjects: async ({ kind, name, labels }) => {
      requireManager(`${kind}.list`);
      return objects(kind)
        .filter((o) => matches(o.Spec.Name, name, o.Spec.Labels, labels))
        .map((o) => ({ ID: o.ID, Spec: structuredClone(o.Spec) }));
    },
    createSwarmObject: async ({ kind, name, dataBase64, labels }) => {
      calls.push(`create${kind === "secret" ? "Secret" : "Config"}:${name}`);
      requireManager(`${kind}.create`);
      if (objects(kind).some((o) => o.Spec.Name === name))
        throw error(`${kind}.create`, name, 409, `rpc error: code = AlreadyExists desc = ${kind} ${name} already exists`);
      const id = nextId(kind);
      objects(kind).push({ ID: id, Spec: { Name: name, Labels: { ...labels } }, data: dataBase64 });
      return id;
    },
    removeSwarmObject: async ({ kind, id }) => {
      calls.push(`remove${kind === "secret" ? "Secret" : "Config"}:${id}`);
      requireManager(`${kind}.remove`);
      const found = objects(kind).find((o) => o.ID === id);
      if (!found) return false;
      const user = usedBy(kind, id);
      if (user)
        throw error(
          `${kind}.remove`,
          id,
          400,
          `rpc error: code = InvalidArgument desc = ${kind} '${found.Spec.Name}' is in use by the following service: ${user}`,
        );
      if (kind === "secret") state.secrets = state.secrets.filter((o) => o !== found);
      else state.configs = state.configs.filter((o) => o !== found);
      return true;
    },
    listVolumes: async ({ labels }) =>
      structuredClone(state.volumes.filter((v) => matches(v.Name, undefined, v.Labels, labels))).map(({ Name, Labels }) => ({
        Name,
        Labels,
      })),
    inspectVolume: async ({ name }) => {
      const volume = state.volumes.find((v) => v.Name === name);
      return volume
        ? { Name: volume.Name, Driver: volume.Driver ?? "local", Options: { ...(volume.Options ?? {}) }, Labels: { ...volume.Labels } }
        : null;
    },
    removeVolume: async ({ name }) => {
      calls.push(`removeVolume:${name}`);
      const volume = state.volumes.find((v) => v.Name === name);
      if (!volume) return false;
      if (volume.inUseBy) throw error("volume.remove", name, 409, `remove ${name}: volume is in use - [${volume.inUseBy}]`);
      state.volumes = state.volumes.filter((v) => v !== volume);
      return true;
    },
    listImages: async () => structuredClone(state.images),
  };
}
