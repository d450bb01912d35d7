import { buildAutoScaling } from "./auto-scaling";
import type { Probe, ServiceExtensions } from "./extensions";
import type { FinishOptions } from "./label-draft";
import { parseBoolLabel, parseIntLabel, parseProbeUrl, readLabel } from "./label-values";
import { checkSchedule } from "./schedule-labels";
import { checkTrafficLabels } from "./traffic-labels";

function checkReplicas({ draft, service, issues }: FinishOptions): void {
  const { deploy } = service;
  if (draft.scale && deploy.replicas !== undefined && deploy.replicas !== draft.ext.scale) {
    issues.error(
      "conflict",
      draft.scale.path,
      `${draft.scale.label} (${draft.ext.scale}) contradicts deploy.replicas (${deploy.replicas}); set only one`,
    );
  }
  if (draft.global && draft.ext.global) {
    if (deploy.replicas !== undefined || draft.scale)
      issues.error("conflict", draft.global.path, `${draft.global.label} cannot be combined with a replica count`);
    if (deploy.mode !== "replicated" && deploy.mode !== "global")
      issues.error("conflict", draft.global.path, `${draft.global.label} contradicts deploy.mode ${deploy.mode}`);
  }
  if (draft.depends) {
    const names = draft.depends.value.split(",").map((name) => name.trim());
    if (names.some((name) => name === ""))
      issues.error(
        "invalid",
        draft.depends.path,
        `${draft.depends.label}: expected service names separated by ",", got "${draft.depends.value}"`,
      );
    else draft.ext.depends = names;
  }
}

function checkRollingUpdates({ draft, service, issues }: FinishOptions): void {
  const { rolling, parallelism } = draft;
  let enabled: boolean | undefined;
  if (rolling) {
    enabled = readLabel(issues, rolling, parseBoolLabel(rolling.value));
  }
  let batch = 1;
  if (parallelism) {
    const parsed = readLabel(issues, parallelism, parseIntLabel(parallelism.value, 1, 10_000));
    if (parsed === undefined) return;
    batch = parsed;
    if (enabled !== true)
      issues.warn("invalid", parallelism.path, `${parallelism.label} has no effect unless rolling_updates is "true"`, "key");
    const native = service.deploy.update_config?.parallelism;
    if (native !== undefined && native !== batch) {
      issues.error(
        "conflict",
        parallelism.path,
        `${parallelism.label} (${batch}) contradicts deploy.update_config.parallelism (${native})`,
      );
    }
  }
  if (enabled !== undefined) draft.ext.rollingUpdates = { enabled, parallelism: enabled ? batch : 0 };
}

function checkProbe({ draft, service, issues }: FinishOptions): void {
  const { url, cmd, timeout_seconds: timeout, initial_delay_seconds: delay } = draft.probe;
  if (!url && !cmd) {
    for (const entry of [timeout, delay]) {
      if (entry) issues.warn("invalid", entry.path, `${entry.label} has no effect without probe.url or probe.cmd`, "key");
    }
    return;
  }
  if (url && cmd) return issues.error("conflict", cmd.path, `set either ${url.label} or ${cmd.label}, not both`);
  const first = url ?? cmd;
  if (first && service.healthcheck) {
    return issues.error("conflict", first.path, `${first.label} and healthcheck both define the health check; keep one`);
  }
  let probe: Probe | undefined;
  if (url) {
    const parsed = readLabel(issues, url, parseProbeUrl(url.value));
    if (!parsed) return;
    const { scheme, host, port, path } = parsed;
    // The agent probes the task's own container from the node (lib/protocol/probe.ts): no other host, no TLS.
    if (host !== "container")
      return issues.error(
        "invalid",
        url.path,
        `${url.label}: the probe reaches the task's own container; write ${scheme}://container:${port}${scheme === "tcp" ? "" : path}, not "${host}"`,
      );
    if (scheme === "https")
      return issues.error(
        "invalid",
        url.path,
        `${url.label}: https probes are not supported; use http://container:${port}${path} or tcp://container:${port}`,
      );
    probe = scheme === "tcp" ? { kind: "tcp", url: url.value, host, port } : { kind: "http", url: url.value, scheme, host, port, path };
  } else if (cmd) {
    if (cmd.value.trim() === "") return issues.error("invalid", cmd.path, `${cmd.label} is empty`);
    probe = { kind: "cmd", command: cmd.value };
  }
  if (!probe) return;
  for (const [entry, min, field] of [
    [timeout, 1, "timeoutSeconds"],
    [delay, 0, "initialDelaySeconds"],
  ] as const) {
    if (!entry) continue;
    const seconds = readLabel(issues, entry, parseIntLabel(entry.value, min, 3600));
    if (seconds !== undefined) probe[field] = seconds;
  }
  draft.ext.probe = probe;
}

function checkLogs({ draft, issues, logTtlMaxDays }: FinishOptions): void {
  for (const [name, { days, entry }] of draft.logTtls) {
    const store = draft.logStores.get(name);
    if (!store?.entry) {
      issues.error("reference", entry.path, `${entry.label}: there is no log_store_${name} label for this retention`, "key");
      continue;
    }
    if (logTtlMaxDays !== undefined && days > logTtlMaxDays) {
      // A warning, not an error: the template stays deployable on installations that keep less.
      issues.warn(
        "limit",
        entry.path,
        `${entry.label}: ${days} days is more than this installation keeps (${logTtlMaxDays} days); lines of "${name}" are kept ${logTtlMaxDays} days`,
      );
      store.ttlDays = logTtlMaxDays;
    } else store.ttlDays = days;
  }
  for (const { name, entry } of draft.pilotExtras) {
    if (!draft.logStores.get(name)?.entry)
      issues.error("reference", entry.path, `${entry.label}: there is no logs.${name} label to apply it to`, "key");
  }
  // Each file store needs its own directory: the collector tails a directory per store.
  const directories = new Map<string, string>();
  for (const store of draft.logStores.values()) {
    if (!store.entry) continue;
    if (store.source.kind === "file") {
      const directory = store.source.path.slice(0, store.source.path.lastIndexOf("/")) || "/";
      const other = directories.get(directory);
      if (other)
        issues.error(
          "conflict",
          store.entry.path,
          `log stores "${other}" and "${store.name}" read the same directory ${directory}; give each store its own directory`,
        );
      directories.set(directory, store.name);
    }
    const { entry: _entry, ...clean } = store;
    draft.ext.logs.stores.push(clean);
  }
}

function checkGpu({ draft, service, base, issues }: FinishOptions): void {
  const devicesPath = [...base, "deploy", "resources", "reservations", "devices"];
  service.deploy.resources.reservations.devices.forEach((device, index) => {
    const at = [...devicesPath, index];
    if (!device.capabilities.includes("gpu")) {
      return issues.warn(
        "unsupported",
        at,
        `only GPU device requests are supported; the request for ${device.capabilities.join(", ")} is ignored`,
      );
    }
    if (device.count === "all")
      return issues.error("invalid", [...at, "count"], 'count "all" cannot be scheduled on a cluster; give a number of GPUs');
    if (device.driver !== undefined && device.driver !== "nvidia")
      issues.warn("unsupported", [...at, "driver"], `GPU driver "${device.driver}" is ignored: nodes advertise NVIDIA GPUs`);
    if (device.options && Object.keys(device.options).length > 0)
      issues.warn("unsupported", [...at, "options"], "device request options are not available to Swarm services and are ignored");
    if (device.count !== undefined) {
      if (draft.gpu && draft.ext.gpu !== device.count)
        issues.error(
          "conflict",
          draft.gpu.path,
          `${draft.gpu.label} (${draft.ext.gpu}) contradicts the GPU device request (${device.count})`,
        );
      draft.ext.gpu ??= device.count;
    }
    if (device.device_ids) {
      const ids = device.device_ids.map(Number);
      if (ids.some((id) => !Number.isInteger(id) || id < 0))
        issues.error("invalid", [...at, "device_ids"], 'device_ids must be GPU indices such as "0"');
      else draft.ext.gpuDevices ??= ids;
    }
  });
  const generic = service.deploy.resources.reservations.generic_resources.find((r) => r.discrete_resource_spec.kind === "gpu");
  if (generic && draft.gpu && generic.discrete_resource_spec.value !== draft.ext.gpu) {
    issues.error(
      "conflict",
      draft.gpu.path,
      `${draft.gpu.label} (${draft.ext.gpu}) contradicts the "gpu" generic resource (${generic.discrete_resource_spec.value})`,
    );
  }
  if (draft.ext.gpu !== undefined && draft.ext.gpuDevices !== undefined) {
    issues.warn(
      "conflict",
      draft.gpuDevices?.path ?? devicesPath,
      "pinned GPU devices are not checked for use by other services; avoid mixing them with GPU counts on the same nodes",
    );
  }
}

/** Cross-label checks and final assembly of the service extensions. */
export function finishExtensions(options: FinishOptions): ServiceExtensions {
  const { draft, service, issues } = options;
  checkReplicas(options);
  checkRollingUpdates(options);
  checkProbe(options);
  checkSchedule(options);
  checkLogs(options);
  checkTrafficLabels({ ext: draft.ext, lb: draft.lb, routing: draft.routing, service, issues, loadBalancers: options.loadBalancers });
  checkGpu(options);
  if (service.pull_policy === "always") draft.ext.latestImage = true;
  const firstAutoScaling = draft.autoScaling.values().next().value;
  if (firstAutoScaling) {
    const mode = draft.ext.global ? "global" : service.deploy.mode;
    const autoScaling = buildAutoScaling(
      draft.autoScaling,
      { mode, replicas: draft.ext.scale ?? service.deploy.replicas, path: firstAutoScaling.path },
      issues,
    );
    if (autoScaling) draft.ext.autoScaling = autoScaling;
  }
  return draft.ext;
}
