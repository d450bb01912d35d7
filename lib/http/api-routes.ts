/**
 * Every path under /api and the methods it answers: the endpoints declared in lib/schemas (so a new
 * endpoint is known here the moment it is declared) plus the few routes outside the /api/v1
 * contract. The edge (lib/http/edge.ts) answers anything else before Next.js routes it; a unit test
 * checks this table against the route files in app/api.
 */
import { API_PREFIX, type HttpMethod } from "@/lib/schemas/endpoint";
import { ENDPOINTS } from "@/lib/schemas/index";

/** Which error shape a route speaks: the /api/v1 one, or Docker's for the registry's endpoints. */
export type ErrorDialect = "wharf" | "registry";

export type ApiRoute = { path: string; methods: HttpMethod[]; dialect: ErrorDialect };

const OUTSIDE_V1: ApiRoute[] = [
  { path: "/api/health", methods: ["GET"], dialect: "wharf" },
  { path: `${API_PREFIX}/openapi.json`, methods: ["GET"], dialect: "wharf" },
  { path: "/api/registry/token", methods: ["GET", "POST"], dialect: "registry" },
  { path: "/api/registry/events", methods: ["POST"], dialect: "registry" },
  { path: "/api/alertmanager/webhook", methods: ["POST"], dialect: "wharf" },
];

function buildRoutes(): ApiRoute[] {
  const byPath = new Map<string, ApiRoute>();
  for (const e of ENDPOINTS) {
    const path = `${API_PREFIX}${e.path}`;
    const route = byPath.get(path) ?? { path, methods: [], dialect: "wharf" as const };
    if (!route.methods.includes(e.method)) route.methods.push(e.method);
    byPath.set(path, route);
  }
  for (const r of OUTSIDE_V1) byPath.set(r.path, r);
  return [...byPath.values()];
}

let routes: ApiRoute[] | undefined;
export const apiRoutes = (): ApiRoute[] => (routes ??= buildRoutes());

const segmentsOf = (path: string) => path.split("/").filter(Boolean);
const isParam = (segment: string) => /^\{\w+\}$/.test(segment);

/**
 * The route a path (already %-decoded, split into segments) reaches, as Next.js would pick it:
 * a literal segment wins over a parameter at the first place they differ.
 */
export function matchApiRoute(segments: readonly string[]): ApiRoute | null {
  let best: { route: ApiRoute; rank: number[] } | null = null;
  for (const route of apiRoutes()) {
    const template = segmentsOf(route.path);
    if (template.length !== segments.length) continue;
    if (!template.every((t, i) => isParam(t) || t === segments[i])) continue;
    const rank = template.map((t) => (isParam(t) ? 1 : 0));
    if (!best || compareRank(rank, best.rank) < 0) best = { route, rank };
  }
  return best?.route ?? null;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The Allow header's methods: the declared ones, HEAD wherever GET is (Next.js serves it), OPTIONS. */
export function allowedMethods(route: ApiRoute): string[] {
  const out: string[] = [...route.methods];
  if (out.includes("GET")) out.push("HEAD");
  out.push("OPTIONS");
  return out;
}
