import { addAutoScalingEntry } from "./auto-scaling";
import { collectLabels, type LabelEntry } from "./collect-labels";
import { hint } from "./did-you-mean";
import { emptyExtensions, type ClusterLoadBalancer, type LogStore, type ServiceExtensions } from "./extensions";
import { IssueList } from "./issue-list";
import { finishExtensions } from "./label-checks";
import type { LabelDraft } from "./label-draft";
import {
  parseBoolLabel,
  parseIndexList,
  parseIntLabel,
  parseLogSource,
  parsePortSuffix,
  parseRoutes,
  parseTags,
  readLabel,
} from "./label-values";
import type { ParseResult } from "./parse-duration";
import { parseCanarySteps, parseErrorRate, parseHoldSeconds, parseReleaseStrategy } from "./release-labels";
import { affinityServiceTarget } from "./affinity-labels";
import type { PlacementRule } from "./extensions";
import { parsePlacementRule, parseSwarmLabelList } from "./placement-rules";
import { checkServiceName, parseImageReference } from "./valid-names";
import type { ComposeService } from "./schema-service";
import type { Issue, Locate, PathSegment } from "./types";

export interface ParseLabelsOptions {
  serviceName: string;
  service: ComposeService;
  locate?: Locate;
  /** The target cluster's load balancers; when given, bindings and routing rules are checked against them. */
  loadBalancers?: readonly ClusterLoadBalancer[];
  /** The installation's longest log retention: a longer `log_ttl_*` is lowered to it, with a warning. */
  logTtlMaxDays?: number;
}

type Handler = (draft: LabelDraft, entry: LabelEntry, match: RegExpExecArray, issues: IssueList) => void;

/** Applies a parsed value, or reports the parser's message at the label. */
function take<T>(issues: IssueList, entry: LabelEntry, result: ParseResult<T>, apply: (value: T) => void): void {
  const value = readLabel(issues, entry, result);
  if (value !== undefined) apply(value);
}

const notYet =
  (what: string): Handler =>
  (_draft, entry, _match, issues) =>
    issues.warn("unsupported", entry.path, `${entry.label}: ${what} is not supported yet; the label is ignored`, "key");

const release = (d: LabelDraft) => (d.ext.release ??= { canary: {} });

const LOG_NAME = /^[A-Za-z0-9_-]{1,63}$/;
const SWARM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

function logStore(draft: LabelDraft, name: string): LogStore & { entry?: LabelEntry } {
  const existing = draft.logStores.get(name);
  if (existing) return existing;
  const created: LogStore & { entry?: LabelEntry } = { name, source: { kind: "stdout" } };
  draft.logStores.set(name, created);
  return created;
}

/** `log_store_<name>` / `logs.<name>`: a log store's source; `what` names the store in the message. */
const logSource =
  (what: string): Handler =>
  (d, e, m, i) => {
    const name = m[1] ?? "";
    if (!LOG_NAME.test(name))
      return i.error("invalid", e.path, `${e.label}: ${what} name "${name}" may use letters, digits, "_" and "-"`, "key");
    take(i, e, parseLogSource(e.value), (source) => Object.assign(logStore(d, name), { source, entry: e }));
  };

/** Label name (after the wharf./aliyun. prefix) → handler. Order matters only for overlaps. */
const HANDLERS: [RegExp, Handler][] = [
  [
    /^scale$/,
    (d, e, _m, i) =>
      take(i, e, parseIntLabel(e.value, 0, 10_000), (v) => {
        d.ext.scale = v;
        d.scale = e;
      }),
  ],
  [
    /^global$/,
    (d, e, _m, i) =>
      take(i, e, parseBoolLabel(e.value), (v) => {
        d.ext.global = v;
        d.global = e;
      }),
  ],
  [
    /^depends$/,
    (d, e) => {
      d.depends = e;
    },
  ],
  [
    /^rolling_updates$/,
    (d, e) => {
      d.rolling = e;
    },
  ],
  [
    /^rolling_updates\.parallelism$/,
    (d, e) => {
      d.parallelism = e;
    },
  ],
  [
    /^probe\.(url|cmd|timeout_seconds|initial_delay_seconds)$/,
    (d, e, m) => {
      d.probe[m[1] as keyof LabelDraft["probe"]] = e;
    },
  ],
  [/^lb\.port_(.*)$/, (d, e, m, i) => take(i, e, parsePortSuffix(m[1] ?? ""), (port) => d.lb.push({ port, entry: e }))],
  [
    /^routing\.port_(.*)$/,
    (d, e, m, i) =>
      take(i, e, parsePortSuffix(m[1] ?? ""), (containerPort) =>
        take(i, e, parseRoutes(e.value), (routes) => {
          d.ext.routing.rules.push({ containerPort, routes });
          d.routing.push({ containerPort, entry: e });
        }),
      ),
  ],
  [
    /^routing\.session_sticky$/,
    (d, e, _m, i) =>
      take(i, e, parseBoolLabel(e.value), (v) => {
        d.ext.routing.sessionSticky = v;
      }),
  ],
  [/^log_store_(.*)$/, logSource("log store")],
  [/^log_ttl_(.*)$/, (d, e, m, i) => take(i, e, parseIntLabel(e.value, 1, 3650), (days) => d.logTtls.set(m[1] ?? "", { days, entry: e }))],
  [
    /^log\.timestamp$/,
    (d, e, _m, i) =>
      take(i, e, parseBoolLabel(e.value), (v) => {
        d.ext.logs.timestamp = v;
      }),
  ],
  [/^logs\.([^.]+)$/, logSource("log")],
  [
    /^logs\.([^.]+)\.tags$/,
    (d, e, m, i) =>
      take(i, e, parseTags(e.value), (tags) => {
        logStore(d, m[1] ?? "").tags = tags;
        d.pilotExtras.push({ name: m[1] ?? "", entry: e });
      }),
  ],
  [
    /^logs\.([^.]+)\.format$/,
    (d, e, m, i) => {
      if (!/^[a-z0-9_-]{1,32}$/.test(e.value))
        return i.error("invalid", e.path, `${e.label}: expected a format name such as json, got "${e.value}"`);
      logStore(d, m[1] ?? "").format = e.value;
      d.pilotExtras.push({ name: m[1] ?? "", entry: e });
    },
  ],
  [/^auto_scaling\.(.+)$/, (d, e, m, i) => addAutoScalingEntry(d.autoScaling, m[1] ?? "", e, i)],
  [
    /^autoscaling\.(.+)$/,
    (d, e, m, i) => {
      // Wharf's spelling; under aliyun. it is neither platform's, but the intent is plain.
      if (!e.label.startsWith("wharf."))
        i.warn(
          "invalid",
          e.path,
          `${e.label}: read as autoscaling.${m[1] ?? ""}; please write wharf.autoscaling.* or aliyun.auto_scaling.*`,
          "key",
        );
      addAutoScalingEntry(d.autoScaling, m[1] ?? "", e, i);
    },
  ],
  [
    /^auto\.scaling\.(.+)$/,
    (d, e, m, i) => {
      // The Aliyun documentation prints this spelling (a typo); accept it rather than lose the rule.
      i.warn("invalid", e.path, `${e.label}: read as auto_scaling.${m[1] ?? ""}; please use the auto_scaling spelling`, "key");
      addAutoScalingEntry(d.autoScaling, m[1] ?? "", e, i);
    },
  ],
  [
    /^gpu$/,
    (d, e, _m, i) =>
      take(i, e, parseIntLabel(e.value, 1, 64), (v) => {
        d.ext.gpu = v;
        d.gpu = e;
      }),
  ],
  [
    /^gpu\.devices$/,
    (d, e, _m, i) =>
      take(i, e, parseIndexList(e.value), (v) => {
        d.ext.gpuDevices = v;
        d.gpuDevices = e;
      }),
  ],
  [
    /^latest_image$/,
    (d, e, _m, i) =>
      take(i, e, parseBoolLabel(e.value), (v) => {
        d.ext.latestImage = v;
      }),
  ],
  [
    /^scheduling\.strategy$/,
    (d, e, _m, i) => {
      if (e.value === "spread" || e.value === "binpack") d.ext.scheduling.strategy = e.value;
      else
        i.error("invalid", e.path, `${e.label}: expected "spread" or "binpack", got "${e.value}"${hint(e.value, ["spread", "binpack"])}`);
    },
  ],
  [
    /^release\.strategy$/,
    (d, e, _m, i) =>
      take(i, e, parseReleaseStrategy(e.value), (v) => {
        release(d).strategy = v;
      }),
  ],
  [
    /^release\.canary\.steps$/,
    (d, e, _m, i) =>
      take(i, e, parseCanarySteps(e.value), (v) => {
        release(d).canary.steps = v;
      }),
  ],
  [
    /^release\.canary\.hold$/,
    (d, e, _m, i) =>
      take(i, e, parseHoldSeconds(e.value), (v) => {
        release(d).canary.holdSeconds = v;
      }),
  ],
  [
    /^release\.canary\.max_error_rate$/,
    (d, e, _m, i) =>
      take(i, e, parseErrorRate(e.value), (v) => {
        release(d).canary.maxErrorRate = v;
      }),
  ],
  [
    /^release\.canary\.max_p95_ms$/,
    (d, e, _m, i) =>
      take(i, e, parseIntLabel(e.value, 1, 600_000), (v) => {
        release(d).canary.maxP95Ms = v;
      }),
  ],
  [
    /^schedule(?:\.(timezone))?$/,
    (d, e, m) => {
      d.schedule[m[1] === "timezone" ? "timezone" : "cron"] = e;
    },
  ],
  [
    /^adopted$/,
    (d, e, _m, i) => {
      // the Swarm name of a service Wharf took over (from-swarm-spec.ts): kept, and its tasks left as they are
      if (SWARM_NAME.test(e.value)) d.ext.adopted = e.value;
      else
        i.error("invalid", e.path, `${e.label}: "${e.value}" is not a Swarm service name (letters, digits, "_", "." and "-", at most 63)`);
    },
  ],
  [/^custom_addon$/, notYet("attaching custom add-ons (such as acs/proxy)")],
  [/^proxy\..+$/, notYet("the acs/proxy add-on setting")],
  [
    /^reschedule$/,
    (_d, e, _m, i) =>
      i.warn("invalid", e.path, `${e.label} is a node label (it lets node autoscaling remove nodes); on a service it has no effect`, "key"),
  ],
];

const RESERVED = ["org", "app", "service", "release"];
const KNOWN_NAMES = [
  "scale",
  "global",
  "depends",
  "rolling_updates",
  "rolling_updates.parallelism",
  "probe.url",
  "probe.cmd",
  "probe.timeout_seconds",
  "probe.initial_delay_seconds",
  "lb.port_",
  "routing.port_",
  "routing.session_sticky",
  "log_store_",
  "log_ttl_",
  "log.timestamp",
  "logs.",
  "auto_scaling.max_cpu",
  "auto_scaling.step",
  "autoscaling.max_cpu",
  "autoscaling.window",
  "autoscaling.cooldown",
  "autoscaling.breaches",
  "gpu",
  "gpu.devices",
  "latest_image",
  "scheduling.strategy",
  "custom_addon",
  "adopted",
  "schedule",
  "schedule.timezone",
  "release.strategy",
  "release.canary.steps",
  "release.canary.hold",
  "release.canary.max_error_rate",
  "release.canary.max_p95_ms",
];

function unknownLabel(entry: LabelEntry, issues: IssueList): void {
  const suggestion = hint(entry.name, KNOWN_NAMES);
  const prefix = entry.label.slice(0, entry.label.length - entry.name.length);
  if (prefix === "wharf." && RESERVED.includes(entry.name)) {
    issues.error("invalid", entry.path, `${entry.label} is reserved: Wharf sets it on every object it creates`, "key");
  } else if (prefix === "wharf.") {
    issues.error("unknown-key", entry.path, `unknown Wharf label "${entry.label}"${suggestion.replace('"', `"${prefix}`)}`, "key");
  } else {
    // Alibaba had labels we may not know of; a warning keeps old templates deployable while
    // still telling the author the label has no effect here.
    issues.warn(
      "unknown-key",
      entry.path,
      `unknown Aliyun label "${entry.label}" has no effect${suggestion.replace('"', `"${prefix}`)}`,
      "key",
    );
  }
}

/** Affinity values name an image or a service; check them here where the label's location is known. */
function checkRule(rule: PlacementRule, path: PathSegment[], issues: IssueList): boolean {
  if (rule.soft) warnSoft(rule.expression, path, issues);
  if (rule.kind !== "affinity") return true;
  const value = rule.values[0] ?? "";
  if (rule.key === "image") {
    const parsed = parseImageReference(value);
    if (!parsed.ok) {
      issues.error("invalid", path, `${rule.expression}: ${parsed.message}`);
      return false;
    }
    if (parsed.value.tag || parsed.value.digest) {
      issues.warn("invalid", path, `${rule.expression}: image affinity matches the repository; the tag or digest is ignored`);
    }
    return true;
  }
  const target = affinityServiceTarget(value, "app");
  const problem = checkServiceName(target.service) ?? (value.includes("_") ? checkServiceName(target.app, "app name") : undefined);
  if (problem) issues.error("invalid", path, `${rule.expression}: ${problem}`);
  return problem === undefined;
}

function warnSoft(expression: string, path: PathSegment[], issues: IssueList): void {
  issues.warn(
    "unsupported",
    path,
    `"${expression}" is a soft rule: Swarm has no soft constraints, so Wharf applies it when it places the service (nodes that meet it first, others when none does) and pins the nodes it chose; tasks Swarm moves later ignore it`,
  );
}

function applySwarmLabels(draft: LabelDraft, entries: LabelEntry[], issues: IssueList): void {
  for (const entry of entries) {
    if (entry.name === "constraints" || entry.name === "affinities") {
      const kind = entry.name === "constraints" ? "constraint" : "affinity";
      take(issues, entry, parseSwarmLabelList(kind, entry.value), (rules) => {
        for (const rule of rules) if (checkRule(rule, entry.path, issues)) draft.ext.scheduling.rules.push(rule);
      });
    } else if (entry.name === "reschedule-policies") {
      if (/^\[\s*"on-node-failure"\s*\]$/.test(entry.value)) draft.ext.scheduling.reschedule = "on-node-failure";
      else issues.error("invalid", entry.path, `${entry.label}: expected '["on-node-failure"]'`);
    }
  }
}

/**
 * Reads the extension labels of one service (`wharf.*`, their `aliyun.*` twins, standalone-Swarm
 * `com.docker.swarm.*` and the classic `constraint:`/`affinity:` syntax) into typed extensions.
 * Unknown or unsupported labels are reported, never silently ignored.
 */
export function parseLabels({ serviceName, service, locate, loadBalancers, logTtlMaxDays }: ParseLabelsOptions): {
  extensions: ServiceExtensions;
  issues: Issue[];
} {
  const issues = new IssueList(locate);
  const base: PathSegment[] = ["services", serviceName];
  const collected = collectLabels(service, base, issues);
  const draft: LabelDraft = {
    ext: emptyExtensions(),
    probe: {},
    schedule: {},
    lb: [],
    routing: [],
    logStores: new Map(),
    logTtls: new Map(),
    pilotExtras: [],
    autoScaling: new Map(),
  };

  for (const entry of collected.extensions.values()) {
    const handler = HANDLERS.find(([pattern]) => pattern.test(entry.name));
    const match = handler?.[0].exec(entry.name);
    if (handler && match) handler[1](draft, entry, match, issues);
    else unknownLabel(entry, issues);
  }
  applySwarmLabels(draft, collected.swarm, issues);
  for (const { text, path } of collected.scheduling) {
    const [kind = "", body = ""] = text.split(/:(.*)/s);
    if (kind === "reschedule") {
      if (body === "on-node-failure") draft.ext.scheduling.reschedule = "on-node-failure";
      else issues.error("invalid", path, `unsupported reschedule policy "${body}": use reschedule:on-node-failure`);
      continue;
    }
    const parsed = parsePlacementRule(kind as "constraint" | "affinity", body);
    if (!parsed.ok) {
      issues.error("invalid", path, parsed.message);
      continue;
    }
    if (checkRule(parsed.value, path, issues)) draft.ext.scheduling.rules.push(parsed.value);
  }
  return { extensions: finishExtensions({ draft, service, base, issues, loadBalancers, logTtlMaxDays }), issues: issues.items };
}
