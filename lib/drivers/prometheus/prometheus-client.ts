/**
 * Wharf's own Prometheus (PROMETHEUS_URL), read over its HTTP API. Only Wharf's code builds the
 * PromQL that reaches it (chart endpoints, the autoscaling evaluator, federation): no query text
 * from a browser or API caller is ever passed through. The URL is the operator's configuration,
 * not a tenant's, so plain fetch is used (not safe-fetch, which refuses loopback).
 */
import { z } from "zod";
import { envValue } from "@/lib/env";

export class PrometheusError extends Error {
  constructor(
    message: string,
    /** "unreachable" (connection, timeout) or "query" (Prometheus answered with an error). */
    readonly kind: "unreachable" | "query",
  ) {
    super(message);
    this.name = "PrometheusError";
  }
}

const vectorSchema = z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }));
const matrixSchema = z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) }));
const answerSchema = z.object({
  status: z.enum(["success", "error"]),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
  error: z.string().optional(),
  errorType: z.string().optional(),
});

/** One series of an instant query: its labels and its value (NaN stays NaN). */
export type InstantSample = { labels: Record<string, string>; value: number; at: number };
/** One series of a range query: its labels and [unix seconds, value] points. */
export type RangeSeries = { labels: Record<string, string>; points: Array<[number, number]> };

export type PrometheusClient = {
  query(promql: string, options?: { at?: Date }): Promise<InstantSample[]>;
  queryRange(promql: string, options: { start: Date; end: Date; stepSeconds: number }): Promise<RangeSeries[]>;
  /** The /federate text exposition of the series matching these selectors. */
  federate(selectors: readonly string[]): Promise<string>;
};

const TIMEOUT_MS = 10_000;

export function createPrometheusClient(baseUrl: string = envValue("PROMETHEUS_URL")): PrometheusClient {
  const base = baseUrl.replace(/\/+$/, "");

  async function get(path: string, params: URLSearchParams): Promise<Response> {
    try {
      return await fetch(`${base}${path}?${params.toString()}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new PrometheusError(`Prometheus at ${base} did not answer: ${(err as Error).message}`, "unreachable");
    }
  }

  async function api(path: string, params: URLSearchParams): Promise<{ resultType: string; result: unknown }> {
    const res = await get(path, params);
    const body = answerSchema.safeParse(await res.json().catch(() => null));
    if (!body.success)
      throw new PrometheusError(`Prometheus answered ${res.status} without a readable body`, res.status >= 500 ? "unreachable" : "query");
    if (body.data.status === "error" || !body.data.data)
      throw new PrometheusError(`Prometheus refused the query: ${body.data.error ?? body.data.errorType ?? res.status}`, "query");
    return body.data.data;
  }

  return {
    async query(promql, { at } = {}) {
      const params = new URLSearchParams({ query: promql });
      if (at) params.set("time", String(at.getTime() / 1000));
      const data = await api("/api/v1/query", params);
      if (data.resultType !== "vector") throw new PrometheusError(`expected a vector, Prometheus returned a ${data.resultType}`, "query");
      return vectorSchema.parse(data.result).map((s) => ({ labels: s.metric, value: Number(s.value[1]), at: s.value[0] }));
    },
    async queryRange(promql, { start, end, stepSeconds }) {
      const params = new URLSearchParams({
        query: promql,
        start: String(start.getTime() / 1000),
        end: String(end.getTime() / 1000),
        step: String(stepSeconds),
      });
      const data = await api("/api/v1/query_range", params);
      if (data.resultType !== "matrix") throw new PrometheusError(`expected a matrix, Prometheus returned a ${data.resultType}`, "query");
      return matrixSchema
        .parse(data.result)
        .map((s) => ({ labels: s.metric, points: s.values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
    },
    async federate(selectors) {
      const params = new URLSearchParams();
      for (const s of selectors) params.append("match[]", s);
      const res = await get("/federate", params);
      if (!res.ok) throw new PrometheusError(`Prometheus federation answered ${res.status}`, res.status >= 500 ? "unreachable" : "query");
      return res.text();
    },
  };
}

/** A label value inside double quotes in PromQL: backslash, quote and newline escaped. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
