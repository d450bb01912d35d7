/** Who is acting, as passed from the HTTP layer (or a job) into domain functions. */
import type { RequestInfo } from "@/lib/http/request-info";
import type { Role } from "./permissions";

/** Where a request came from. */
export type ClientInfo = { ip: string | null; userAgent: string | null };

export type ActorType = "USER" | "API_TOKEN" | "AGENT" | "SYSTEM";

/** Recorded in the audit log: who, and from where. */
export type Actor = {
  type: ActorType;
  id: string | null;
  label: string;
  ip: string | null;
  userAgent: string | null;
};

export type UserContext = RequestInfo & {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  activeOrgId: string | null;
  actor: Actor;
};

export type OrgContext = RequestInfo & {
  orgId: string;
  role: Role;
  actor: Actor;
  /** Set when a person acts through the console (session). */
  userId: string | null;
  /** Set when the caller is an API token. */
  tokenId: string | null;
};

export const systemActor = (label = "system"): Actor => ({ type: "SYSTEM", id: null, label, ip: null, userAgent: null });
