/**
 * What of a command is stored (Command.payload / Command.result, shown as node command history):
 * everything except secrets, decided here for every command type in one place. The real values
 * travel only to the agent (payload) or to the waiting worker (result), sealed on the bus.
 *
 * Redacted: swarm join tokens, secret and config data, registry credentials, environment values of
 * service specs (`KEY=[redacted]`, names kept), volume driver options (CIFS/NFS options carry
 * passwords). services.status results, asked for every 15 s per application, are stored as a
 * summary without the swarm's specs: nothing reads them back, and full specs grow the table fast.
 * haproxy.listener.ensure carries TLS certificates: their private keys are redacted, the
 * certificates themselves (public) are kept.
 */
import type { CommandType } from "./commands";

export const REDACTED = "[redacted]";

type Redactor = (value: unknown) => unknown;
type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === "object" && value !== null && !Array.isArray(value);

/** The named top-level fields replaced by [redacted] (when present). */
const fields =
  (...names: string[]): Redactor =>
  (value) => {
    if (!isPlain(value)) return value;
    const copy: Plain = { ...value };
    for (const name of names) if (name in copy) copy[name] = REDACTED;
    return copy;
  };

const redactEnv = (env: unknown) =>
  Array.isArray(env) ? env.map((entry) => (typeof entry === "string" ? `${entry.split("=", 1)[0]}=${REDACTED}` : REDACTED)) : env;

const redactMount = (mount: unknown) => {
  if (
    !isPlain(mount) ||
    !isPlain(mount.VolumeOptions) ||
    !isPlain(mount.VolumeOptions.DriverConfig) ||
    !isPlain(mount.VolumeOptions.DriverConfig.Options)
  )
    return mount;
  const options = Object.fromEntries(Object.keys(mount.VolumeOptions.DriverConfig.Options).map((k) => [k, REDACTED]));
  return { ...mount, VolumeOptions: { ...mount.VolumeOptions, DriverConfig: { ...mount.VolumeOptions.DriverConfig, Options: options } } };
};

/** A Docker ServiceSpec without environment values or volume driver options. */
export function redactServiceSpec(spec: unknown): unknown {
  if (!isPlain(spec) || !isPlain(spec.TaskTemplate) || !isPlain(spec.TaskTemplate.ContainerSpec)) return spec;
  const container: Plain = { ...spec.TaskTemplate.ContainerSpec };
  if ("Env" in container) container.Env = redactEnv(container.Env);
  if (Array.isArray(container.Mounts)) container.Mounts = container.Mounts.map(redactMount);
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: container } };
}

const serviceApplyPayload: Redactor = (payload) => {
  const copy = fields("registryAuth")(payload);
  return isPlain(copy) && "spec" in copy ? { ...copy, spec: redactServiceSpec(copy.spec) } : copy;
};

/** services.status as stored: the services' state without their specs, and task counts by state. */
const servicesStatusSummary: Redactor = (result) => {
  if (!isPlain(result)) return result;
  const services = Array.isArray(result.services) ? result.services : [];
  const tasks = Array.isArray(result.tasks) ? result.tasks : [];
  const byState: Record<string, number> = {};
  for (const task of tasks) {
    const state = isPlain(task) && typeof task.state === "string" ? task.state : "unknown";
    byState[state] = (byState[state] ?? 0) + 1;
  }
  return {
    services: services.map((s) =>
      isPlain(s)
        ? {
            name: s.name,
            image: s.image,
            mode: s.mode,
            replicas: s.replicas,
            runningTasks: s.runningTasks,
            desiredTasks: s.desiredTasks,
            updateStatus: s.updateStatus,
          }
        : null,
    ),
    // Idempotent: an already summarised result (read back from the database) keeps its counts.
    tasks: isPlain(result.tasks) ? result.tasks : { total: tasks.length, byState },
  };
};

/** Every PEM private key block (RSA, EC, PKCS#8, encrypted), even an unterminated one. */
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

export const redactPrivateKeys = (pem: string) => pem.replace(PRIVATE_KEY_BLOCK, `${REDACTED} private key`);

const haproxyListenerPayload: Redactor = (payload) => {
  if (!isPlain(payload) || !isPlain(payload.listener) || !Array.isArray(payload.listener.certificates)) return payload;
  const certificates = payload.listener.certificates.map((c) =>
    isPlain(c) ? { ...c, pem: typeof c.pem === "string" ? redactPrivateKeys(c.pem) : REDACTED } : REDACTED,
  );
  return { ...payload, listener: { ...payload.listener, certificates } };
};

const REDACTORS: { [T in CommandType]?: { payload?: Redactor; result?: Redactor } } = {
  "swarm.init": { result: fields("joinTokens") },
  "swarm.join": { payload: fields("joinToken") },
  "swarm.inspect": { result: fields("joinTokens") },
  "secret.ensure": { payload: fields("dataBase64") },
  // Compose configs sometimes hold credentials too.
  "config.ensure": { payload: fields("dataBase64") },
  "service.apply": { payload: serviceApplyPayload },
  "services.status": { result: servicesStatusSummary },
  "haproxy.listener.ensure": { payload: haproxyListenerPayload },
};

const redactorOf = (type: string) => (Object.hasOwn(REDACTORS, type) ? REDACTORS[type as CommandType] : undefined);

/** The payload as it may be stored and shown. */
export function redactCommandPayload(type: string, payload: unknown): unknown {
  const redact = redactorOf(type)?.payload;
  return redact ? redact(payload) : payload;
}

/** The result as it may be stored and shown. */
export function redactCommandResult(type: string, result: unknown): unknown {
  const redact = redactorOf(type)?.result;
  return redact && result !== undefined ? redact(result) : result;
}

/**
 * False when the stored payload lacks what the agent needs: such a command cannot wait in the
 * database for an offline node (it is failed, and its caller retries with fresh values).
 */
export function storedPayloadIsWhole(type: string): boolean {
  return !redactorOf(type)?.payload;
}

/** False when the stored result is redacted or summarised (a retried caller cannot reuse it). */
export function storedResultIsWhole(type: string): boolean {
  return !redactorOf(type)?.result;
}
