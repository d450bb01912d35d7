/**
 * The runtime API commands that make a running HAProxy hold the desired pools without a reload
 * (pure). Order: new servers first (capacity before removal), then weight and state changes, then
 * drains. A server that left its pool is put in maintenance first (no new requests, not even from
 * clients a sticky cookie or stick table sends to it; in-flight ones finish) and deleted only once
 * it has no sessions left, or when its grace is over (its sessions are shut then).
 *
 * A drained backend (haproxy.backend.drain) uses HAProxy's own drain state, except in sticky pools:
 * there HAProxy's drain still takes the requests of clients stuck to the server, so maintenance
 * (which redispatches them) is what stops its new requests.
 */
import { endpoint, SERVER_CHECK } from "./render-config";
import { serverName, type DesiredBackend, type LeavingServer, type PoolServer } from "./lb-state";

export type AdminState = "ready" | "drain" | "maint";

/** A server as `show servers state` reports it. */
export type RuntimeServer = {
  backend: string;
  name: string;
  address: string;
  /** The host name when the server was given one. */
  fqdn: string | null;
  port: number;
  /** The user weight (0..256). */
  weight: number;
  admin: AdminState;
  /** False when its health checks fail. */
  up: boolean;
};

export type PoolPlanInput = {
  backends: DesiredBackend[];
  runtime: RuntimeServer[];
  /** Current sessions by `backend/server`. */
  sessions: ReadonlyMap<string, number>;
  leaving: LeavingServer[];
  now: number;
  graceMs: number;
};

export type PlannedDeletion = { entry: LeavingServer; commands: string[] };

export type PoolPlan = {
  /** Commands that must succeed (else the caller falls back to a reload from the config file). */
  commands: string[];
  /** Leaving servers deleted now; one whose `del server` is refused stays leaving and is tried again later. */
  deletions: PlannedDeletion[];
  /** Servers still leaving after this plan (being drained, or waiting for their sessions to end). */
  leaving: LeavingServer[];
};

const ref = (backend: string, server: string) => `${backend}/${server}`;

function addCommands(backend: string, s: PoolServer, sticky: boolean): string[] {
  const name = ref(backend, serverName(s.id));
  const weight = s.drained ? 0 : s.weight;
  // added servers start in maintenance with their checks off
  const add = `add server ${name} ${endpoint(s.address, s.port)} weight ${weight} ${SERVER_CHECK}`;
  if (s.drained && sticky) return [add, `enable health ${name}`];
  return [add, `enable server ${name}`, ...(s.drained ? [`set server ${name} state drain`] : []), `enable health ${name}`];
}

function updateCommands(backend: string, s: PoolServer, r: RuntimeServer, sticky: boolean): { sets: string[]; drains: string[] } {
  const name = ref(backend, r.name);
  const sets: string[] = [];
  const drains: string[] = [];
  if ((r.fqdn ?? r.address) !== s.address || r.port !== s.port) sets.push(`set server ${name} addr ${s.address} port ${s.port}`);
  if (s.drained) {
    const target = sticky ? "maint" : "drain";
    // `state drain` leaves a server in maintenance there: it must be made ready first
    if (target === "drain" && r.admin === "maint") sets.push(`set server ${name} state ready`);
    if (r.admin !== target) drains.push(`set server ${name} state ${target}`);
  } else {
    if (r.admin !== "ready") sets.push(`set server ${name} state ready`);
    if (r.weight !== s.weight) sets.push(`set server ${name} weight ${s.weight}`);
  }
  return { sets, drains };
}

export function planPool(input: PoolPlanInput): PoolPlan {
  const adds: string[] = [];
  const sets: string[] = [];
  const drains: string[] = [];
  const deletions: PlannedDeletion[] = [];
  const leaving: LeavingServer[] = [];
  const runtimeByRef = new Map(input.runtime.map((r) => [ref(r.backend, r.name), r]));
  const leavingByRef = new Map(input.leaving.map((l) => [ref(l.backend, l.server), l]));

  for (const b of input.backends) {
    const wanted = new Set<string>();
    let added = false;
    for (const s of b.servers) {
      const name = serverName(s.id);
      wanted.add(name);
      const r = runtimeByRef.get(ref(b.backend, name));
      if (!r) {
        adds.push(...addCommands(b.backend, s, b.sticky));
        added = true;
        continue;
      }
      const change = updateCommands(b.backend, s, r, b.sticky);
      sets.push(...change.sets);
      drains.push(...change.drains);
    }
    // the cookies of added servers are computed when dynamic cookies are (re)enabled
    if (added && b.sticky && b.listener.protocol !== "tcp") adds.push(`enable dynamic-cookie backend ${b.backend}`);

    for (const r of input.runtime.filter((x) => x.backend === b.backend && !wanted.has(x.name))) {
      const entry = leavingByRef.get(ref(r.backend, r.name)) ?? {
        backend: r.backend,
        server: r.name,
        id: r.name,
        pool: "",
        since: input.now,
      };
      const name = ref(r.backend, r.name);
      if (r.admin !== "maint") {
        drains.push(`set server ${name} state maint`);
        leaving.push(entry);
        continue;
      }
      const sessions = input.sessions.get(name) ?? 0;
      const overdue = input.now - entry.since >= input.graceMs;
      if (sessions > 0 && !overdue) {
        leaving.push(entry);
        continue;
      }
      deletions.push({ entry, commands: [...(sessions > 0 ? [`shutdown sessions server ${name}`] : []), `del server ${name}`] });
    }
  }
  return { commands: [...adds, ...sets, ...drains], deletions, leaving };
}
