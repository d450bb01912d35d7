/**
 * Gets this node's credential: the stored one, or a new one from the join token (saved before it
 * is used). Decides the outcome of every join failure: retry (gateway or engine unavailable, or a
 * token not valid yet with --wait-for-token) or give up with the matching exit code.
 */
import type { AgentConfig } from "../env";
import { EXIT_CODES, type ExitCode } from "../exit-codes";
import type { CollectInventory } from "../inventory/collect-inventory";
import type { Logger } from "../log/logger";
import { Backoff } from "../session/backoff";
import type { CredentialStore, StoredCredential } from "../state/credential-store";
import { GatewayRefusedError } from "../util/gateway-refusal";
import { sleep } from "../util/sleep";
import { GatewayUnavailableError, requestJoin } from "./request-join";

export type CredentialOutcome = { kind: "ok"; credential: StoredCredential; joined: boolean } | { kind: "exit"; code: ExitCode };

export type ObtainCredentialOptions = {
  /** joinToken: already resolved (from --token-file, WHARF_JOIN_TOKEN or --token). */
  config: Pick<AgentConfig, "url" | "joinUrl" | "joinToken" | "waitForToken" | "stateDir">;
  store: CredentialStore;
  collectInventory: CollectInventory;
  agentVersion: string;
  ca?: string[];
  log: Logger;
  signal: AbortSignal;
  /** Skip the stored credential (it was just refused). */
  forceJoin?: boolean;
  backoff?: Backoff;
  tokenRetryMs?: number;
};

const TOKEN_CODES = new Set(["INVALID_JOIN_TOKEN", "JOIN_TOKEN_EXPIRED", "JOIN_TOKEN_REVOKED", "JOIN_TOKEN_USED_UP"]);
/** Refusals a person must resolve in the console (exit 2, so a supervisor does not restart in a loop). */
const PERSON_CODES = new Set([...TOKEN_CODES, "QUOTA_EXCEEDED"]);

export async function obtainCredential(options: ObtainCredentialOptions): Promise<CredentialOutcome> {
  const { config, store, log } = options;
  if (!options.forceJoin) {
    const stored = await store.read();
    if (stored && stored.url === config.url) return { kind: "ok", credential: stored, joined: false };
    if (stored && !config.joinToken) {
      log.error(
        "the stored credential belongs to another control plane; start with a join token (--token-file or WHARF_JOIN_TOKEN) to join this one",
        { storedUrl: stored.url, url: config.url },
      );
      return { kind: "exit", code: EXIT_CODES.usage };
    }
  }
  if (!config.joinToken) {
    log.error(`no credential in ${config.stateDir} and no join token: start the agent with --token-file <file> (or WHARF_JOIN_TOKEN)`);
    return { kind: "exit", code: EXIT_CODES.usage };
  }
  return joinWithToken(options, config.joinToken);
}

async function joinWithToken(options: ObtainCredentialOptions, token: string): Promise<CredentialOutcome> {
  const { config, log, signal } = options;
  const backoff = options.backoff ?? new Backoff();
  let lastRefusal = "";
  let attempt = 0;
  while (!signal.aborted) {
    try {
      const inventory = await options.collectInventory({ signal });
      // retries are logged by their failure; the attempt itself only once
      (attempt++ === 0 ? log.info : log.debug)("joining the cluster", { url: config.joinUrl, hostname: inventory.hostname });
      const joined = await requestJoin({
        joinUrl: config.joinUrl,
        token,
        agentVersion: options.agentVersion,
        inventory,
        ca: options.ca,
        signal,
      });
      return await saveCredential(options, {
        url: config.url,
        nodeId: joined.nodeId,
        clusterId: joined.clusterId,
        credential: joined.credential,
      });
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof GatewayRefusedError) {
        // This machine is (or was) a node of the cluster: an admin has to allow it to join again.
        // Keep asking (the token's expiry ends the wait), so the approval takes effect by itself.
        const waitForApproval = error.code === "REJOIN_NOT_APPROVED";
        if (waitForApproval || (error.code && TOKEN_CODES.has(error.code) && config.waitForToken)) {
          // the local agent starts before the first sign-up creates its token: keep asking
          if (error.gatewayMessage !== lastRefusal) {
            if (waitForApproval) log.warn(`join refused: ${error.gatewayMessage}`, { code: error.code });
            else log.warn("join token not valid (yet); waiting for it", { code: error.code, gatewayMessage: error.gatewayMessage });
          }
          lastRefusal = error.gatewayMessage;
          await sleep(options.tokenRetryMs ?? 5_000, signal).catch(() => {});
          continue;
        }
        log.error(`join refused: ${error.gatewayMessage}`, { status: error.status, code: error.code });
        if (error.code && PERSON_CODES.has(error.code)) return { kind: "exit", code: EXIT_CODES.joinRefused };
        if (error.code === "PROTOCOL_UNSUPPORTED") return { kind: "exit", code: EXIT_CODES.protocolUnsupported };
        return { kind: "exit", code: EXIT_CODES.failure };
      }
      // gateway down, or the engine not up yet (the agent may start before dockerd)
      const retryInMs = backoff.next();
      const why = error instanceof GatewayUnavailableError ? "gateway unavailable" : "cannot prepare the join";
      log.warn(`${why}; retrying`, { error, attempt: backoff.attempts, retryInMs });
      await sleep(retryInMs, signal).catch(() => {});
    }
  }
  return { kind: "exit", code: EXIT_CODES.ok };
}

async function saveCredential({ store, log }: ObtainCredentialOptions, credential: StoredCredential): Promise<CredentialOutcome> {
  try {
    await store.write(credential);
  } catch (error) {
    // not retried: the gateway issued the credential once; a new join (with a valid token) is needed
    log.error(`joined, but cannot save the credential in ${store.stateDir}`, { error });
    return { kind: "exit", code: EXIT_CODES.failure };
  }
  log.info("joined; credential saved", { nodeId: credential.nodeId, clusterId: credential.clusterId, file: store.file });
  return { kind: "ok", credential, joined: true };
}
