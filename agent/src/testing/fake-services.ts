/**
 * The fake engine's swarm services: specs stored the way Docker 20.10 normalises them (defaults
 * added, network names turned into IDs), versions, "update out of sequence", tasks that are
 * replaced when the task template changes, registry digests, and log streams the test writes to.
 */
import { PassThrough, type Readable } from "node:stream";
import { canonicalJson } from "@/lib/protocol/canonical-json";
import type { SwarmService, SwarmTask } from "../docker/app-schemas";
import { DockerError } from "../docker/docker-error";
import type { ServicesApi } from "../docker/services-api";
import { encodeRegistryAuth } from "../docker/services-api";
import type { FakeNetwork } from "./fake-objects";
import { matches } from "./fake-objects";

export type FakeLogStream = { serviceId: string; tail: number; follow: boolean; stream: PassThrough };

export type FakeServices = {
  services: SwarmService[];
  tasks: SwarmTask[];
  /** "host/app:tag" → the digest the registry answers. */
  registryDigests: Record<string, string>;
  /** X-Registry-Auth headers received, as sent. */
  registryAuths: string[];
  logStreams: FakeLogStream[];
  /** Make the next updateService calls fail with "update out of sequence". */
  serviceOutOfSequence: number;
};

export type FakeServicesHooks = {
  calls: string[];
  requireManager(operation: string): void;
  networks(): FakeNetwork[];
  nextId(prefix: string): string;
  now(): string;
};

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const error = (operation: string, target: string, statusCode: number, detail: string) =>
  new DockerError({ operation, target, statusCode, detail });

export function createFakeServices(state: FakeServices, hooks: FakeServicesHooks): ServicesApi {
  const { calls, requireManager, nextId, now } = hooks;
  const find = (id: string) => state.services.find((s) => s.ID === id || s.Spec.Name === id) ?? null;

  function store(spec: Json): Json {
    const copy = structuredClone(spec);
    const template = isRecord(copy.TaskTemplate) ? copy.TaskTemplate : {};
    copy.TaskTemplate = template;
    template.ForceUpdate ??= 0;
    template.Runtime ??= "container";
    if (isRecord(template.ContainerSpec)) {
      template.ContainerSpec.Isolation ??= "default";
      for (const secret of Array.isArray(template.ContainerSpec.Secrets) ? template.ContainerSpec.Secrets : []) {
        if (!isRecord(secret) || !secret.SecretID)
          throw error("service.create", String(copy.Name), 400, "rpc error: code = InvalidArgument desc = malformed secret reference");
      }
    }
    for (const attachment of Array.isArray(template.Networks) ? template.Networks : []) {
      if (!isRecord(attachment)) continue;
      const network = hooks.networks().find((n) => n.Name === attachment.Target || n.Id === attachment.Target);
      if (!network) throw error("service.create", String(copy.Name), 404, `network ${String(attachment.Target)} not found`);
      attachment.Target = network.Id;
    }
    if (isRecord(template.Placement))
      template.Placement = Object.fromEntries(Object.entries(template.Placement).filter(([, v]) => !Array.isArray(v) || v.length > 0));
    return copy;
  }

  function syncTasks(service: SwarmService, restart: boolean): void {
    const spec = service.Spec;
    const mode = isRecord(spec.Mode) ? spec.Mode : {};
    const wanted = isRecord(mode.Replicated) ? Number(mode.Replicated.Replicas ?? 1) : 1;
    const image =
      isRecord(spec.TaskTemplate) && isRecord(spec.TaskTemplate.ContainerSpec) ? String(spec.TaskTemplate.ContainerSpec.Image ?? "") : "";
    const live = state.tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState === "running");
    for (const task of live) {
      if (restart || (task.Slot ?? 0) > wanted) {
        task.DesiredState = "shutdown";
        task.Status.State = "shutdown";
        task.UpdatedAt = now();
      }
    }
    for (let slot = 1; slot <= wanted; slot++) {
      if (state.tasks.some((t) => t.ServiceID === service.ID && t.Slot === slot && t.DesiredState === "running")) continue;
      const id = nextId("task");
      const at = now();
      state.tasks.push({
        ID: id,
        ServiceID: service.ID,
        Slot: slot,
        NodeID: "node-1",
        CreatedAt: at,
        UpdatedAt: at,
        DesiredState: "running",
        Spec: { ContainerSpec: { Image: image } },
        Status: {
          State: "running",
          Message: "started",
          ContainerStatus: { ContainerID: `c-${id}`, ExitCode: 0 },
          PortStatus: { Ports: [] },
        },
      });
    }
  }

  const recordAuth = (auth: Parameters<ServicesApi["createService"]>[0]["registryAuth"]) => {
    if (auth) state.registryAuths.push(encodeRegistryAuth(auth));
  };

  return {
    listServices: async ({ name, labels }) => {
      requireManager("service.list");
      return structuredClone(
        state.services.filter((s) =>
          matches(String(s.Spec.Name), name, isRecord(s.Spec.Labels) ? (s.Spec.Labels as Record<string, string>) : {}, labels),
        ),
      );
    },
    inspectService: async ({ id }) => {
      requireManager("service.inspect");
      const service = find(id);
      return service ? structuredClone(service) : null;
    },
    createService: async ({ spec, registryAuth }) => {
      calls.push(`createService:${String(spec.Name)}`);
      requireManager("service.create");
      recordAuth(registryAuth);
      if (find(String(spec.Name)))
        throw error(
          "service.create",
          String(spec.Name),
          409,
          `rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ${String(spec.Name)} already exists`,
        );
      const service: SwarmService = { ID: nextId("svc"), Version: { Index: 10 }, Spec: store(spec), UpdateStatus: null };
      state.services.push(service);
      syncTasks(service, false);
      return { id: service.ID, warnings: [] };
    },
    updateService: async ({ id, version, spec, registryAuth }) => {
      calls.push(`updateService:${id}`);
      requireManager("service.update");
      const service = find(id);
      if (!service) throw error("service.update", id, 404, `service ${id} not found`);
      if (state.serviceOutOfSequence > 0 || version !== service.Version.Index) {
        state.serviceOutOfSequence = Math.max(0, state.serviceOutOfSequence - 1);
        service.Version.Index++; // someone else's change
        throw error("service.update", id, 500, "rpc error: code = Unknown desc = update out of sequence");
      }
      recordAuth(registryAuth);
      const next = store(spec);
      const restart = canonicalJson(next.TaskTemplate) !== canonicalJson(service.Spec.TaskTemplate);
      service.Spec = next;
      service.Version.Index++;
      service.UpdateStatus = restart ? { State: "completed", Message: "update completed" } : service.UpdateStatus;
      syncTasks(service, restart);
      return { warnings: [] };
    },
    removeService: async ({ id }) => {
      calls.push(`removeService:${id}`);
      requireManager("service.remove");
      const service = find(id);
      if (!service) return false;
      state.services = state.services.filter((s) => s !== service);
      state.tasks = state.tasks.filter((t) => t.ServiceID !== service.ID);
      // like Docker, a followed log stream stays open after the service is gone
      return true;
    },
    listTasks: async ({ serviceIds }) => {
      requireManager("task.list");
      return structuredClone(state.tasks.filter((t) => serviceIds.includes(t.ServiceID)));
    },
    resolveImageDigest: async ({ image, registryAuth }) => {
      calls.push(`resolveImageDigest:${image}`);
      recordAuth(registryAuth);
      const digest = state.registryDigests[image];
      if (!digest) throw error("distribution.inspect", image, 404, `manifest for ${image} not found: manifest unknown`);
      return digest;
    },
    openServiceLogs: async ({ id, tail, follow }): Promise<Readable> => {
      calls.push(`openServiceLogs:${id}`);
      requireManager("service.logs");
      const service = find(id);
      if (!service) throw error("service.logs", id, 404, `service ${id} not found`);
      const stream = new PassThrough();
      state.logStreams.push({ serviceId: service.ID, tail, follow, stream });
      return stream;
    },
  };
}
