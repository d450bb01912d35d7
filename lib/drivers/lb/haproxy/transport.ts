/**
 * How the HAProxy driver reaches the HAProxy nodes of a load balancer. In production the commands
 * go to the agents of the cluster's nodes labelled wharf.lb=true
 * (lib/domain/traffic/haproxy-agent-transport.ts); the conformance tests call the agent's HAProxy
 * module in process. Either way every command runs on every HAProxy node of the load balancer.
 */
import type { HaproxyCertificate } from "@/lib/protocol/haproxy";
import type { CommandPayload, CommandResult, CommandType } from "@/lib/protocol/commands";
import type { LbHandle } from "../types";

export type HaproxyCommandType = Extract<CommandType, `haproxy.${string}`>;

export type HaproxyNode = { id: string; hostname: string };

/** One node's answer: its result, or the agent's error code and message. */
export type HaproxyNodeOutcome<T> =
  { node: HaproxyNode; ok: true; result: T } | { node: HaproxyNode; ok: false; code: string; message: string };

export type HaproxyTransport = {
  /** Runs the command on every HAProxy node of the load balancer (throws AppError when it has none). */
  run<T extends HaproxyCommandType>(lb: LbHandle, command: T, payload: CommandPayload<T>): Promise<HaproxyNodeOutcome<CommandResult<T>>[]>;
  /**
   * PEM bundles (certificate chain, then private key) for an https listener: the certificates with
   * these ids, or every certificate of the load balancer's cluster when null (SNI picks among them).
   */
  certificates(lb: LbHandle, ids: string[] | null): Promise<HaproxyCertificate[]>;
};
