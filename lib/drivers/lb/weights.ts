/**
 * Weight arithmetic shared by the cloud drivers (pure). Wharf's weights are relative, 0..256
 * (HAProxy's own range); clouds have their own scales, so a driver converts while keeping every
 * pool's share of the traffic:
 *  - per-backend scales (SLB 0..100): scaleToMax — the largest weight becomes the maximum and the
 *    others follow proportionally, rounded to the nearest integer; a non-zero weight never rounds
 *    down to 0 (that would drain it), so it becomes at least 1.
 *  - per-pool scales (ELBv2 forward weights 0..999): poolWeights — each pool gets its share of the
 *    total in thousandths, rounded, capped at 999, at least 1 when its share is not zero.
 */
import { AppError } from "@/lib/errors";
import type { LbDriverKind, WeightedBackend } from "./types";

export const WHARF_MAX_WEIGHT = 256;

/** Refuses pools no balancer could hold: bad weights or ports, the same id or address twice. */
export function assertValidBackends(driver: LbDriverKind, backends: WeightedBackend[]): void {
  const ids = new Set<string>();
  const endpoints = new Set<string>();
  for (const b of backends) {
    const where = `backend ${b.id} (${b.address}:${b.port})`;
    if (!b.id) throw new AppError("INVALID_INPUT", `${driver}: a backend has no id`);
    if (!Number.isFinite(b.weight) || b.weight < 0 || b.weight > WHARF_MAX_WEIGHT)
      throw new AppError("INVALID_INPUT", `${driver}: ${where} has weight ${b.weight}; weights are 0..${WHARF_MAX_WEIGHT}`);
    if (!Number.isInteger(b.port) || b.port < 1 || b.port > 65535)
      throw new AppError("INVALID_INPUT", `${driver}: ${where} has an invalid port`);
    if (!b.pool) throw new AppError("INVALID_INPUT", `${driver}: ${where} has no pool`);
    if (ids.has(b.id)) throw new AppError("INVALID_INPUT", `${driver}: backend id ${b.id} appears twice`);
    const endpoint = `${b.address}:${b.port}`;
    if (endpoints.has(endpoint)) throw new AppError("INVALID_INPUT", `${driver}: ${endpoint} appears twice in one pool`);
    ids.add(b.id);
    endpoints.add(endpoint);
  }
}

/** Weights rescaled so the largest becomes `max`; 0 stays 0, anything else is at least 1. */
export function scaleToMax(weights: number[], max: number): number[] {
  const top = Math.max(0, ...weights);
  if (top === 0) return weights.map(() => 0);
  return weights.map((w) => (w <= 0 ? 0 : Math.max(1, Math.round((w * max) / top))));
}

/** Sum of the backends' weights per pool (a pool's share of the listener's traffic). */
export function poolShares(backends: Pick<WeightedBackend, "pool" | "weight">[]): Map<string, number> {
  const shares = new Map<string, number>();
  for (const b of backends) shares.set(b.pool, (shares.get(b.pool) ?? 0) + b.weight);
  return shares;
}

/**
 * Forward weights 0..`cap` per pool from their shares: thousandths of the total, so an 80/20 split
 * reads 800/200. When every share is 0 (nothing may receive traffic) each pool gets 1: the
 * balancer needs a weight somewhere, and those pools have no registered targets anyway.
 */
export function poolWeights(shares: Map<string, number>, cap = 999): Map<string, number> {
  const total = [...shares.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  for (const [pool, share] of shares) {
    if (total <= 0) out.set(pool, 1);
    else if (share <= 0) out.set(pool, 0);
    else out.set(pool, Math.min(cap, Math.max(1, Math.round((share * 1000) / total))));
  }
  return out;
}
