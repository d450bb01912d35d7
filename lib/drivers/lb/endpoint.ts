/**
 * Where a cloud driver sends its API calls. The official endpoints are used as they are; an
 * overridden endpoint (a private API gateway, or the local stand-ins the tests use) is chosen by a
 * tenant, so it goes through the same outbound policy as webhooks and registry checks: its name is
 * resolved here, non-public addresses are refused unless OUTBOUND_ALLOW_CIDRS (or the driver's
 * `allow` option) covers them, and the connection is pinned to the address that was checked.
 */
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { lookup as dnsLookup } from "node:dns/promises";
import { AppError } from "@/lib/errors";
import { destinationRefusal, type Cidr } from "@/lib/drivers/net/address-policy";
import { configuredAllowList, type Resolver } from "@/lib/drivers/net/safe-fetch";
import type { LbDriverKind } from "./types";

export type EndpointPolicyOptions = {
  /** Non-public ranges an overridden endpoint may use; default OUTBOUND_ALLOW_CIDRS. */
  allow?: readonly Cidr[];
  resolve?: Resolver;
};

export type CheckedEndpoint = {
  url: string;
  /** Agents whose lookups always answer the checked address; absent for official endpoints. */
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
};

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

function pinned(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all)
      (callback as unknown as (err: null, list: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * The endpoint to call: `official(url)` true → as is; otherwise checked against the outbound
 * policy. Throws AppError INVALID_INPUT (bad URL) or FORBIDDEN (address refused) before any request.
 */
export async function checkEndpoint(
  driver: LbDriverKind,
  raw: string,
  official: (url: URL) => boolean,
  o: EndpointPolicyOptions = {},
): Promise<CheckedEndpoint> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("INVALID_INPUT", `${driver}: the API endpoint ${raw.slice(0, 200)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AppError("INVALID_INPUT", `${driver}: the API endpoint must be http(s), not ${url.protocol}`);
  if (url.username || url.password)
    throw new AppError("INVALID_INPUT", `${driver}: the API endpoint must not contain a user name or password`);
  const base = `${url.protocol}//${url.host}`;
  if (official(url)) return { url: base };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let candidates: Array<{ address: string; family: number }>;
  try {
    candidates = isIP(host) ? [{ address: host, family: isIP(host) }] : await (o.resolve ?? systemResolver)(host);
  } catch (error) {
    throw new AppError(
      "UPSTREAM_FAILED",
      `${driver}: cannot resolve the API endpoint ${host} (${(error as { code?: string }).code ?? (error as Error).message})`,
    );
  }
  const allow = o.allow ?? configuredAllowList();
  const refusals: string[] = [];
  for (const c of candidates) {
    const refusal = destinationRefusal(c.address, allow);
    if (refusal) {
      refusals.push(refusal);
      continue;
    }
    const lookup = pinned(c.address, c.family === 6 ? 6 : 4);
    return {
      url: base,
      httpAgent: new http.Agent({ keepAlive: false, lookup }),
      httpsAgent: new https.Agent({ keepAlive: false, lookup }),
    };
  }
  throw new AppError(
    "FORBIDDEN",
    `${driver}: the API endpoint ${host}: ${refusals[0] ?? "has no address"}; Wharf does not send requests to non-public addresses unless the installation allows them (OUTBOUND_ALLOW_CIDRS)`,
  );
}
