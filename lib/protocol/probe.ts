/**
 * URL probes (issue 15): `aliyun.probe.url` / `wharf.probe.url` with `probe.timeout_seconds` and
 * `probe.initial_delay_seconds`. Like the classic service, the probe runs from the node, not
 * inside the container (the image need not contain curl or nc): the agent connects to the
 * container's own address on the node (its docker_gwbridge endpoint, or loopback for host-network
 * tasks), `http://container:<port>/<path>` is healthy on 2xx/3xx, `tcp://container:<port>` when
 * the port accepts a connection.
 *
 * The compose labels are parsed once, by lib/compose; the compiler writes the result onto each
 * container as one label, PROBE_LABEL, so the agent (which imports only this folder) never parses
 * compose labels itself. A template cannot set that label by hand (the compiler removes it).
 *
 * After `failureThreshold` consecutive failures the agent kills the container (SIGKILL, so the exit
 * is a failure whatever the app does on SIGTERM): Swarm's restart policy (`any` or `on-failure`)
 * replaces the task. While a task's probe has not passed, or fails, the task is reported as
 * `starting`, so load balancer pools (which follow reported tasks) leave it out.
 * Probe state lives in the agent's memory only.
 */
import { z } from "zod";

/** Container label carrying the service's URL probe (JSON of ProbeDeclaration). */
export const PROBE_LABEL = "wharf.probe";

/** Defaults the compiler writes: Aliyun's probe ran every ~2 s; three misses in a row replace the task. */
export const PROBE_DEFAULTS = { intervalSeconds: 2, timeoutSeconds: 2, initialDelaySeconds: 0, failureThreshold: 3 } as const;

export const probeDeclarationSchema = z.object({
  kind: z.enum(["http", "tcp"]),
  port: z.number().int().min(1).max(65_535),
  /** HTTP only: the path and query, starting with "/". */
  path: z
    .string()
    .regex(/^\/\S*$/)
    .max(2048)
    .optional(),
  intervalSeconds: z.number().int().min(1).max(3600),
  timeoutSeconds: z.number().int().min(1).max(3600),
  initialDelaySeconds: z.number().int().min(0).max(3600),
  failureThreshold: z.number().int().min(1).max(100),
});
export type ProbeDeclaration = z.infer<typeof probeDeclarationSchema>;

/** The label value the compiler writes (stable key order). */
export function encodeProbe(probe: ProbeDeclaration): string {
  const { kind, port, path, intervalSeconds, timeoutSeconds, initialDelaySeconds, failureThreshold } = probe;
  return JSON.stringify({
    kind,
    port,
    ...(kind === "http" ? { path: path ?? "/" } : {}),
    intervalSeconds,
    timeoutSeconds,
    initialDelaySeconds,
    failureThreshold,
  });
}

/** The probe a container declares; null when the label is absent or not valid (never throws). */
export function decodeProbe(value: string | undefined): ProbeDeclaration | null {
  if (!value) return null;
  try {
    const parsed = probeDeclarationSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How the probe reads to a person: "http://container:8080/ping every 2 s, timeout 2 s, after 10 s". */
export function describeProbe(probe: ProbeDeclaration): string {
  const url = probe.kind === "http" ? `http://container:${probe.port}${probe.path ?? "/"}` : `tcp://container:${probe.port}`;
  const delay = probe.initialDelaySeconds > 0 ? `, first after ${probe.initialDelaySeconds} s` : "";
  return `probe ${url} from the node every ${probe.intervalSeconds} s, timeout ${probe.timeoutSeconds} s${delay}; replaced after ${probe.failureThreshold} failures`;
}

/**
 * What the agent knows of a task's probe: `pending` (initial delay, or no answer yet), `passing`
 * (the last probe succeeded), `failing` (the last one failed; the task is killed at the threshold).
 */
export const PROBE_STATES = ["pending", "passing", "failing"] as const;
export type ProbeState = (typeof PROBE_STATES)[number];
