/**
 * The node's probe runner: every tick it lists the running task containers whose label declares a
 * URL probe (lib/protocol/probe.ts), probes those that are due from the node, and kills a container
 * whose probe failed `failureThreshold` times in a row, so Swarm's restart policy replaces the task.
 * Each container's probe state is kept in memory only (the control plane holds the desired state)
 * and handed to the task reporter, which reports a task whose probe is not passing as `starting`
 * (out of load balancer pools). Runs for the agent's whole life, whether the gateway answers or not.
 */
import { decodeProbe, PROBE_LABEL, type ProbeState } from "@/lib/protocol/probe";
import type { Logger } from "../log/logger";
import { sleep } from "../util/sleep";
import { runProbe, type ProbeResult, type ProbeTarget } from "./probe-check";
import { probeAddress, type ProbeEngine } from "./probe-engine";
import { createTracker, isDue, recordResult, type ProbeTracker } from "./probe-tracker";

export type ProbeRunnerOptions = {
  engine: ProbeEngine;
  log: Logger;
  /** How often the containers are listed and due probes started (default 1 s). */
  tickMs?: number;
  /** Test seam: one probe attempt. */
  probe?: (target: ProbeTarget) => Promise<ProbeResult>;
  now?: () => number;
};

export type ProbeStates = {
  /** The probe state of a container; undefined when it declares no probe (or is not known yet). */
  stateOf(containerId: string): ProbeState | undefined;
  /** Called whenever some container's state changes (not for every probe). */
  onChange(listener: () => void): void;
};

export type ProbeRunner = ProbeStates & {
  /** One tick: list, forget the gone, start due probes (not awaited). Exposed for tests. */
  tick(signal?: AbortSignal): Promise<void>;
  /** Ticks until `signal` aborts; never rejects. */
  run(signal: AbortSignal): Promise<void>;
};

type Entry = { tracker: ProbeTracker; address: string | null; inFlight: boolean; warnedNoAddress: boolean };

export function createProbeRunner({ engine, log, tickMs = 1_000, probe = runProbe, now = Date.now }: ProbeRunnerOptions): ProbeRunner {
  const entries = new Map<string, Entry>();
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((listener) => listener());
  let engineFailing = false;

  async function track(id: string, label: string | undefined, signal?: AbortSignal): Promise<Entry | null> {
    const declared = decodeProbe(label);
    if (!declared) return null;
    const facts = await engine.inspectContainer(id, { signal });
    if (!facts) return null;
    const entry: Entry = { tracker: createTracker(declared, facts.startedAt), address: null, inFlight: false, warnedNoAddress: false };
    entry.address = probeAddress(facts, await engine.gwbridgeAddresses({ signal }), id);
    entries.set(id, entry);
    changed();
    return entry;
  }

  async function attempt(id: string, entry: Entry): Promise<void> {
    const { tracker } = entry;
    const declared = tracker.probe;
    const before = tracker.state;
    entry.inFlight = true;
    try {
      if (!entry.address) {
        // the gateway endpoint can appear a moment after the start: look again before counting anything
        const facts = await engine.inspectContainer(id);
        if (facts) entry.address = probeAddress(facts, await engine.gwbridgeAddresses(), id);
      }
      if (!entry.address) {
        if (!entry.warnedNoAddress)
          log.warn("probe: the node has no address for this container; it is not probed", { container: id.slice(0, 12) });
        entry.warnedNoAddress = true;
        tracker.nextAt = now() + declared.intervalSeconds * 1000;
        return;
      }
      const timeoutMs = declared.timeoutSeconds * 1000;
      const target: ProbeTarget =
        declared.kind === "http"
          ? { kind: "http", address: entry.address, port: declared.port, path: declared.path ?? "/", timeoutMs }
          : { kind: "tcp", address: entry.address, port: declared.port, timeoutMs };
      const result = await probe(target);
      if (entries.get(id) !== entry) return; // forgotten meanwhile
      const kill = recordResult(tracker, result, now());
      if (!result.ok) {
        log.info("probe failed", {
          container: id.slice(0, 12),
          detail: result.detail,
          failures: tracker.failures,
          of: declared.failureThreshold,
        });
      }
      if (kill) {
        log.warn("probe failed too often in a row; killing the container so Swarm replaces the task", {
          container: id.slice(0, 12),
          detail: result.detail,
          failures: tracker.failures,
        });
        await engine.killContainer(id);
      }
      if (tracker.state !== before) changed();
    } catch (error) {
      log.warn("probe: engine call failed", { container: id.slice(0, 12), error });
      tracker.nextAt = now() + declared.intervalSeconds * 1000;
    } finally {
      entry.inFlight = false;
    }
  }

  async function tick(signal?: AbortSignal): Promise<void> {
    let containers;
    try {
      containers = await engine.listProbedContainers({ signal });
      if (engineFailing) log.info("probe: the engine answers again");
      engineFailing = false;
    } catch (error) {
      if (!engineFailing) log.warn("probe: cannot list containers; probes wait for the engine", { error });
      engineFailing = true;
      return;
    }
    const live = new Set(containers.map((c) => c.Id));
    let forgot = false;
    for (const id of [...entries.keys()]) if (!live.has(id)) forgot = entries.delete(id) || forgot;
    if (forgot) changed();
    for (const container of containers) {
      const entry = entries.get(container.Id) ?? (await track(container.Id, container.Labels[PROBE_LABEL], signal).catch(() => null));
      if (entry && !entry.inFlight && isDue(entry.tracker, now())) void attempt(container.Id, entry);
    }
  }

  return {
    stateOf: (id) => entries.get(id)?.tracker.state,
    onChange: (listener) => void listeners.push(listener),
    tick,
    run: async (signal) => {
      while (!signal.aborted) {
        await tick(signal).catch((error: unknown) => log.warn("probe tick failed", { error }));
        await sleep(tickMs, signal).catch(() => undefined);
      }
    },
  };
}
