/**
 * The federation endpoint: an organisation's own Wharf series in the Prometheus text format, for
 * its own Prometheus to scrape (`/federate`-style). Callers narrow it with typed filters; the
 * selectors are built by Wharf and always carry the caller's organisation (no PromQL accepted).
 */
import { z } from "zod";
import { METRIC } from "@/lib/metrics/metric-names";
import { idSchema } from "./common";
import { endpoint } from "./endpoint";

const METRIC_NAMES = Object.values(METRIC) as string[];
/** Compose application and service names (the labels agents set); anything else names nothing. */
const composeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/, "must be an application or service name");

export const federationFilterSchema = z.strictObject({
  /** Comma separated series names (wharf_container_cpu_percent,…); all of Wharf's by default. */
  metric: z
    .string()
    .max(2000)
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((m) => m.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().refine((m) => METRIC_NAMES.includes(m), "must be one of Wharf's series names (docs/metrics.md)"))
        .min(1)
        .max(METRIC_NAMES.length),
    )
    .optional(),
  application: composeName.optional(),
  service: composeName.optional(),
  cluster: idSchema.optional(),
  node: idSchema.optional(),
});
export type FederationFilter = z.infer<typeof federationFilterSchema>;

export const metricsFederationEndpoints = {
  federate: endpoint({
    id: "metrics.federate",
    method: "GET",
    path: "/metrics/federate",
    tags: ["metrics"],
    auth: "org",
    permission: "apps.read",
    summary:
      "The organisation's latest Wharf series (nodes and containers) in the Prometheus text format, for your own Prometheus to scrape with an API token. Filters narrow it; it never returns another organisation's series.",
    query: federationFilterSchema,
    response: z.string().describe("text/plain; version=0.0.4: Prometheus exposition lines, with each sample's timestamp"),
  }),
};
