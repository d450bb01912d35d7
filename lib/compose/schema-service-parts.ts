import { z } from "zod";
import { expandRanges, parsePortShort, parseProtocol, parsePublished, type PortMapping } from "./parse-ports";
import { isRecord } from "./plain";
import {
  boolSchema,
  bytesSchema,
  describe,
  durationSchema,
  fileModeSchema,
  intSchema,
  nonEmptyStringSchema,
  stringMapSchema,
  stringOrListSchema,
  stringSchema,
} from "./schema-primitives";
import { parseVolumeShort, type Mount } from "./parse-volume";
import { forwardIssues } from "./zod-issues";

type Ctx = z.RefinementCtx;
function report(ctx: Ctx, message: string, path?: PropertyKey[]): typeof z.NEVER {
  ctx.addIssue(path ? { code: "custom", message, path } : { code: "custom", message });
  return z.NEVER;
}

// ---- ports ----------------------------------------------------------------------------------

export const portLongSchema = z.strictObject({
  target: intSchema({ min: 1, max: 65535 }),
  published: z.union([z.string(), z.number()]).optional(),
  protocol: stringSchema.optional(),
  // Only host mode is possible without the ingress mesh; normalize warns when ingress is asked for.
  mode: z.enum(["host", "ingress"]).optional(),
  name: stringSchema.optional(),
  app_protocol: stringSchema.optional(),
});

const portItemSchema = z.unknown().transform((input, ctx): PortMapping[] => {
  if (typeof input === "string" || typeof input === "number") {
    const parsed = parsePortShort(input);
    return parsed.ok ? parsed.value : report(ctx, parsed.message);
  }
  if (!isRecord(input)) return report(ctx, `expected a port such as "8080:80" or a mapping with target, got ${describe(input)}`);
  const long = portLongSchema.safeParse(input, { reportInput: true });
  if (!long.success) {
    return forwardIssues(ctx, long.error);
  }
  const protocol = parseProtocol(long.data.protocol ?? "tcp");
  if (!protocol.ok) return report(ctx, protocol.message, ["protocol"]);
  let published: { start: number; end: number } | undefined;
  if (long.data.published !== undefined && long.data.published !== "") {
    const parsed = parsePublished(long.data.published);
    if (!parsed.ok) return report(ctx, parsed.message, ["published"]);
    published = parsed.value;
  }
  const target = { start: long.data.target, end: long.data.target };
  const expanded = expandRanges(target, published, protocol.value, long.data.name);
  return expanded.ok ? expanded.value : report(ctx, expanded.message, ["published"]);
});

/** Ports, with ranges expanded to one mapping per port. */
export const portsSchema = z.array(portItemSchema).transform((items) => items.flat());

/** `expose` only documents ports; validated so typos surface, otherwise informational. */
export const exposeSchema = z.array(z.union([z.string(), z.number()])).transform((items, ctx) => {
  items.forEach((item, index) => {
    const parsed = parsePortShort(String(item));
    if (!parsed.ok) report(ctx, parsed.message, [index]);
    else if (parsed.value.some((port) => port.published !== undefined)) report(ctx, "expose takes container ports only", [index]);
  });
  return items.map(String);
});

// ---- volumes ------------------------------------------------------------------------------

export const volumeLongSchema = z.strictObject({
  type: z.enum(["volume", "bind", "tmpfs"]).default("volume"),
  source: stringSchema.optional(),
  target: nonEmptyStringSchema,
  read_only: boolSchema.optional(),
  consistency: stringSchema.optional(),
  bind: z
    .strictObject({
      propagation: z.enum(["rprivate", "private", "rshared", "shared", "rslave", "slave"]).optional(),
      create_host_path: boolSchema.optional(),
    })
    .optional(),
  volume: z.strictObject({ nocopy: boolSchema.optional() }).optional(),
  tmpfs: z.strictObject({ size: bytesSchema.optional(), mode: fileModeSchema.optional() }).optional(),
});

function longToMount(long: z.output<typeof volumeLongSchema>, ctx: Ctx): Mount {
  if (!long.target.startsWith("/")) return report(ctx, `target "${long.target}" must be an absolute path inside the container`, ["target"]);
  const readOnly = long.read_only ?? false;
  if (long.type === "tmpfs") {
    if (long.source) return report(ctx, "a tmpfs mount has no source", ["source"]);
    return { type: "tmpfs", target: long.target, read_only: readOnly, size: long.tmpfs?.size, mode: long.tmpfs?.mode };
  }
  if (long.type === "bind") {
    if (!long.source) return report(ctx, "a bind mount needs a source path on the node", ["source"]);
    if (!long.source.startsWith("/")) {
      return report(
        ctx,
        `bind source "${long.source}" must be an absolute path on the node; relative paths only make sense on the machine running docker compose`,
        ["source"],
      );
    }
    return {
      type: "bind",
      source: long.source,
      target: long.target,
      read_only: readOnly,
      propagation: long.bind?.propagation,
      selinux: undefined,
    };
  }
  return {
    type: "volume",
    source: long.source || undefined,
    target: long.target,
    read_only: readOnly,
    nocopy: long.volume?.nocopy ?? false,
  };
}

const volumeItemSchema = z.unknown().transform((input, ctx): Mount => {
  if (typeof input === "string") {
    const parsed = parseVolumeShort(input);
    return parsed.ok ? parsed.value : report(ctx, parsed.message);
  }
  if (!isRecord(input)) return report(ctx, `expected "volume:/path" or a mapping with type, source and target, got ${describe(input)}`);
  const long = volumeLongSchema.safeParse(input, { reportInput: true });
  if (!long.success) {
    return forwardIssues(ctx, long.error);
  }
  return longToMount(long.data, ctx);
});

export const volumesSchema = z.array(volumeItemSchema);

/** `tmpfs: /run` or a list of "/path[:size=64m,mode=1777]". */
export const tmpfsSchema = stringOrListSchema.transform((items, ctx): Mount[] =>
  items.map((item, index) => {
    const [target = "", options] = item.split(/:(.*)/s);
    if (!target.startsWith("/")) return report(ctx, `tmpfs path "${target}" must be absolute`, [index]);
    const mount: Mount = { type: "tmpfs", target, read_only: false };
    for (const option of options ? options.split(",") : []) {
      const [key, value = ""] = option.split("=");
      if (key === "size") {
        const size = bytesSchema.safeParse(value);
        if (!size.success) return report(ctx, `invalid tmpfs size "${value}"`, [index]);
        mount.size = size.data;
      } else if (key === "mode" && /^[0-7]{3,4}$/.test(value)) mount.mode = parseInt(value, 8);
      else return report(ctx, `unknown tmpfs option "${option}": use size=<bytes> or mode=<octal>`, [index]);
    }
    return mount;
  }),
);

// ---- networks, secrets, configs, dependencies ---------------------------------------------

export interface NetworkAttachment {
  aliases: string[];
  driver_opts: Record<string, string>;
}

export const networkAttachmentSchema = z.strictObject({
  aliases: stringOrListSchema.optional(),
  driver_opts: stringMapSchema.optional(),
});

export const serviceNetworksSchema = z.unknown().transform((input, ctx): Record<string, NetworkAttachment> => {
  const out: Record<string, NetworkAttachment> = {};
  if (Array.isArray(input)) {
    input.forEach((item, index) => {
      if (typeof item !== "string") report(ctx, `expected a network name, got ${describe(item)}`, [index]);
      else if (out[item]) report(ctx, `network "${item}" is listed twice`, [index]);
      else out[item] = { aliases: [], driver_opts: {} };
    });
    return out;
  }
  if (!isRecord(input)) return report(ctx, `expected a list of network names or a mapping, got ${describe(input)}`);
  for (const [name, value] of Object.entries(input)) {
    const parsed = networkAttachmentSchema.safeParse(value ?? {}, { reportInput: true });
    if (!parsed.success) {
      forwardIssues(ctx, parsed.error, [name]);
      continue;
    }
    out[name] = { aliases: parsed.data.aliases ?? [], driver_opts: parsed.data.driver_opts ?? {} };
  }
  return out;
});

export const fileReferenceLongSchema = z.strictObject({
  source: nonEmptyStringSchema,
  target: nonEmptyStringSchema.optional(),
  uid: stringSchema.optional(),
  gid: stringSchema.optional(),
  mode: fileModeSchema.optional(),
});
export type FileReference = z.output<typeof fileReferenceLongSchema>;

/** `secrets:`/`configs:` of a service: names or `{source, target, uid, gid, mode}`. */
export const fileReferencesSchema = z.array(
  z.unknown().transform((input, ctx): FileReference => {
    if (typeof input === "string") return { source: input };
    const parsed = fileReferenceLongSchema.safeParse(input, { reportInput: true });
    if (parsed.success) return parsed.data;
    if (!isRecord(input)) return report(ctx, `expected a name or a mapping with source, got ${describe(input)}`);
    return forwardIssues(ctx, parsed.error);
  }),
);

export const dependencyLongSchema = z.strictObject({
  condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]).default("service_started"),
  required: boolSchema.default(true),
  restart: boolSchema.default(false),
});
export type Dependency = z.output<typeof dependencyLongSchema>;

export const dependsOnSchema = z.unknown().transform((input, ctx): Record<string, Dependency> => {
  const out: Record<string, Dependency> = {};
  if (Array.isArray(input)) {
    input.forEach((item, index) => {
      if (typeof item !== "string") report(ctx, `expected a service name, got ${describe(item)}`, [index]);
      else out[item] = { condition: "service_started", required: true, restart: false };
    });
    return out;
  }
  if (!isRecord(input)) return report(ctx, `expected a list of service names or a mapping, got ${describe(input)}`);
  for (const [name, value] of Object.entries(input)) {
    const parsed = dependencyLongSchema.safeParse(value ?? {}, { reportInput: true });
    if (parsed.success) out[name] = parsed.data;
    else forwardIssues(ctx, parsed.error, [name]);
  }
  return out;
});

// ---- healthcheck, logging, misc -----------------------------------------------------------

export const healthcheckSchema = z
  .strictObject({
    test: z.unknown().optional(),
    interval: durationSchema.optional(),
    timeout: durationSchema.optional(),
    start_period: durationSchema.optional(),
    start_interval: durationSchema.optional(),
    retries: intSchema({ min: 0 }).optional(),
    disable: boolSchema.optional(),
  })
  .transform(({ test, disable, ...timings }, ctx) => {
    if (disable) return { ...timings, test: ["NONE"] };
    if (test === undefined) return { ...timings, test: undefined };
    if (typeof test === "string") return { ...timings, test: ["CMD-SHELL", test] };
    if (!Array.isArray(test) || test.some((part) => typeof part !== "string")) {
      return report(ctx, 'expected a command string or a list such as ["CMD", "curl", "-f", "http://localhost"]', ["test"]);
    }
    const parts = test as string[];
    if (!["CMD", "CMD-SHELL", "NONE"].includes(parts[0] ?? "")) {
      return report(ctx, `a healthcheck list must start with "CMD", "CMD-SHELL" or "NONE", got ${describe(parts[0])}`, ["test"]);
    }
    return { ...timings, test: parts };
  });

export const loggingSchema = z.strictObject({
  driver: nonEmptyStringSchema.optional(),
  options: stringMapSchema.optional(),
});

export const ulimitsSchema = z.record(
  z.string(),
  z.unknown().transform((input, ctx): { soft: number; hard: number } => {
    const int = intSchema({ min: -1 });
    if (!isRecord(input)) {
      const single = int.safeParse(input, { reportInput: true });
      return single.success
        ? { soft: single.data, hard: single.data }
        : report(ctx, `expected a number or {soft, hard}, got ${describe(input)}`);
    }
    const parsed = z.strictObject({ soft: int, hard: int }).safeParse(input, { reportInput: true });
    if (!parsed.success) return report(ctx, "expected both soft and hard limits as whole numbers");
    if (parsed.data.soft > parsed.data.hard && parsed.data.hard !== -1) return report(ctx, "the soft limit is above the hard limit");
    return parsed.data;
  }),
);

/** `extra_hosts` as "host:ip", "host=ip" or a mapping; returned as host/ip pairs. */
export const extraHostsSchema = z.unknown().transform((input, ctx): { host: string; ip: string }[] => {
  const entries: [string, unknown, PropertyKey][] = Array.isArray(input)
    ? input.map((item, index): [string, unknown, PropertyKey] => {
        const text = typeof item === "string" ? item : "";
        const sep = /[=:]/.exec(text);
        return sep ? [text.slice(0, sep.index), text.slice(sep.index + 1), index] : [text, undefined, index];
      })
    : isRecord(input)
      ? Object.entries(input).map(([host, ip]): [string, unknown, PropertyKey] => [host, ip, host])
      : [];
  if (!Array.isArray(input) && !isRecord(input)) return report(ctx, `expected a list of "host:ip" or a mapping, got ${describe(input)}`);
  const out: { host: string; ip: string }[] = [];
  for (const [host, ip, key] of entries) {
    if (!host || typeof ip !== "string" || ip === "") report(ctx, 'expected "hostname:ip"', [key]);
    else out.push({ host, ip: ip.replace(/^\[(.*)\]$/, "$1") });
  }
  return out;
});

export const platformSchema = stringSchema.transform((text, ctx) => {
  const [os, architecture, variant] = text.split("/");
  if (!os || !architecture || text.split("/").length > 3) return report(ctx, `expected "os/arch" such as "linux/amd64", got "${text}"`);
  return { os, architecture, variant };
});

export const capabilityListSchema = z.array(
  stringSchema.transform((cap, ctx) => {
    const upper = cap.toUpperCase();
    if (upper !== "ALL" && !/^(CAP_)?[A-Z0-9_]+$/.test(upper))
      return report(ctx, `"${cap}" is not a Linux capability name such as NET_ADMIN`);
    return upper === "ALL" || upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
  }),
);
