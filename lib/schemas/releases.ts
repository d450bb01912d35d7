import { z } from "zod";
import { composeIssueSchema, newVersionSchema } from "./applications";
import { idSchema, isoDateSchema, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

export const RELEASE_STRATEGIES = ["rolling", "blue-green", "canary"] as const;
export const releaseStrategySchema = z.enum(RELEASE_STRATEGIES);
export type ReleaseStrategy = z.infer<typeof releaseStrategySchema>;

export const RELEASE_STATES = ["pending", "deploying", "verifying", "promoting", "rolling-back", "done", "failed", "aborted"] as const;
export const releaseStateSchema = z.enum(RELEASE_STATES);
export type ReleaseState = z.infer<typeof releaseStateSchema>;
export const FINISHED_RELEASE_STATES: readonly ReleaseState[] = ["done", "failed", "aborted"];

/** The two sets of services a release runs side by side; the one without a suffix is blue. */
export const colourSchema = z.enum(["blue", "green"]);
export type Colour = z.infer<typeof colourSchema>;

/**
 * Canary parameters (labels `wharf.release.canary.*` or the console). A step is the percentage of
 * requests the new colour receives; the last step is always 100. Guard rails compare the new colour
 * with the old one over each step's hold: abort when its error rate is more than `maxErrorRate`
 * above the old colour's, or when its p95 exceeds `maxP95Ms` and the old colour's p95.
 */
export const canaryParamsSchema = z.strictObject({
  steps: z
    .array(z.number().int().min(1).max(100))
    .min(1)
    .max(10)
    .refine((s) => s.every((v, i) => i === 0 || v > (s[i - 1] ?? 0)), "steps must increase")
    .default([5, 25, 50, 100]),
  holdSeconds: z.number().int().min(5).max(3600).default(60),
  maxErrorRate: z.number().min(0).max(1).default(0.05),
  maxP95Ms: z.number().int().min(1).max(600_000).default(1000),
});
export type CanaryParams = z.infer<typeof canaryParamsSchema>;

export const releaseOptionsSchema = z.strictObject({
  /** Omitted: the template's `wharf.release.strategy` label decides (rolling when there is none). */
  strategy: releaseStrategySchema.optional(),
  /** Canary parameters; omitted ones come from the labels, then the defaults. */
  canary: canaryParamsSchema.partial().optional(),
});
export type ReleaseOptions = z.infer<typeof releaseOptionsSchema>;

/** A new template version released with a strategy (the console's upload form, or the API). */
export const createReleaseSchema = newVersionSchema.extend({ release: releaseOptionsSchema.default({}) });
export type CreateReleaseInput = z.infer<typeof createReleaseSchema>;

/** Traffic figures of one colour over the last few seconds, from the load balancer. */
export const colourFiguresSchema = z.object({
  /** Percentage of new requests the balancer sends to this colour (its weights). */
  weight: z.number(),
  requestsPerSecond: z.number(),
  /** 5xx answers and connection errors over requests, 0..1 (null without requests). */
  errorRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  requests: z.number().int(),
  healthyBackends: z.number().int(),
  backends: z.number().int(),
});
export type ColourFigures = z.infer<typeof colourFiguresSchema>;

export const releaseEventSchema = z.object({
  at: isoDateSchema,
  /** "system" or the person/token that took it. */
  actor: z.string(),
  kind: z.string(),
  message: z.string(),
  /** The figures a decision was taken on (canary guard rails, promotions). */
  figures: z.object({ blue: colourFiguresSchema.nullable(), green: colourFiguresSchema.nullable() }).nullable(),
});

export const releaseSchema = z.object({
  id: idSchema,
  applicationId: idSchema,
  applicationName: z.string(),
  number: z.number().int(),
  strategy: releaseStrategySchema,
  state: releaseStateSchema,
  /** What the state machine is doing inside its state, in words. */
  step: z.string(),
  /** The same, as a key (lib/domain/releases/release-steps.ts): "hold" is a blue-green waiting for a decision. */
  phase: z.string(),
  /** A promote or roll back asked for and not yet taken by the worker. */
  requested: z.enum(["promote", "rollback"]).nullable(),
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int(),
  /** The colour serving before the release, and the one the new version runs as. */
  fromColour: colourSchema,
  toColour: colourSchema,
  services: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  /** Percentage of traffic set for the new colour. */
  toWeight: z.number().int(),
  canary: canaryParamsSchema.nullable(),
  /** Canary: index of the current step. */
  stepIndex: z.number().int(),
  /** When the current step began (a canary step's hold counts from here). */
  stepStartedAt: isoDateSchema,
  error: z.string().nullable(),
  actor: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  finishedAt: isoDateSchema.nullable(),
  events: z.array(releaseEventSchema),
});
export type ReleaseView = z.infer<typeof releaseSchema>;

export const releaseSampleSchema = z.object({ at: isoDateSchema, colour: colourSchema, figures: colourFiguresSchema });

export const releaseFiguresSchema = z.object({
  at: isoDateSchema,
  /** False when the balancer cannot report figures (some clouds), or none is bound yet. */
  available: z.boolean(),
  live: z.object({ blue: colourFiguresSchema.nullable(), green: colourFiguresSchema.nullable() }),
  /** Recorded every 2 s while the release runs, oldest first (at most the last 30 minutes). */
  samples: z.array(releaseSampleSchema),
});
export type ReleaseFigures = z.infer<typeof releaseFiguresSchema>;

export const setWeightSchema = z.strictObject({ toWeight: z.number().int().min(0).max(100) });

const releaseParams = z.object({ releaseId: idSchema });
const e = { tags: ["releases"], auth: "org" as const };
export const releaseEndpoints = {
  list: endpoint({
    ...e,
    id: "releases.list",
    method: "GET",
    path: "/releases",
    permission: "apps.read",
    summary: "Releases of the organisation, newest first.",
    query: paginationQuerySchema.extend({ applicationId: idSchema.optional() }),
    response: pageOf(releaseSchema.omit({ events: true })),
  }),
  create: endpoint({
    ...e,
    id: "releases.create",
    method: "POST",
    path: "/applications/{applicationId}/releases",
    permission: "apps.manage",
    summary: "Upload a new template version and release it (rolling, blue-green or canary).",
    params: z.object({ applicationId: idSchema }),
    body: createReleaseSchema,
    response: z.object({ release: releaseSchema, warnings: z.array(composeIssueSchema) }),
    status: 201,
    bodyLimit: 12 * 1024 * 1024,
  }),
  get: endpoint({
    ...e,
    id: "releases.get",
    method: "GET",
    path: "/releases/{releaseId}",
    permission: "apps.read",
    summary: "One release with its timeline.",
    params: releaseParams,
    response: releaseSchema,
  }),
  figures: endpoint({
    ...e,
    id: "releases.figures",
    method: "GET",
    path: "/releases/{releaseId}/figures",
    permission: "apps.read",
    summary: "Live per-colour figures (requests/s, error rate, p50/p95, healthy backends) and their recent history.",
    params: releaseParams,
    response: releaseFiguresSchema,
  }),
  weight: endpoint({
    ...e,
    id: "releases.weight",
    method: "POST",
    path: "/releases/{releaseId}/weight",
    permission: "apps.manage",
    summary: "Blue-green: the percentage of traffic the new colour receives.",
    params: releaseParams,
    body: setWeightSchema,
    response: releaseSchema,
  }),
  promote: endpoint({
    ...e,
    id: "releases.promote",
    method: "POST",
    path: "/releases/{releaseId}/promote",
    permission: "apps.manage",
    summary: "Send all traffic to the new colour, drain and remove the old one.",
    params: releaseParams,
    response: releaseSchema,
  }),
  rollback: endpoint({
    ...e,
    id: "releases.rollback",
    method: "POST",
    path: "/releases/{releaseId}/rollback",
    permission: "apps.manage",
    summary: "Send all traffic back to the old colour, drain and remove the new one.",
    params: releaseParams,
    response: releaseSchema,
  }),
};
