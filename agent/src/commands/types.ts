/** What every command handler gets and returns. */
import type { z } from "zod";
import type { COMMANDS, CommandResult, CommandType } from "@/lib/protocol";
import type { WorkloadPolicy } from "@/lib/protocol/workload-policy";
import type { DockerClient } from "../docker/docker-client";
import type { HaproxyManager } from "../haproxy/haproxy-manager";
import type { Logger } from "../log/logger";
import type { StreamHub } from "../streams/stream-hub";

export type CommandContext = {
  docker: DockerClient;
  /** --advertise-addr, used when a swarm payload names none. */
  advertiseAddr: string | null;
  log: Logger;
  /** Aborted when the command times out or the agent shuts down. */
  signal: AbortSignal;
  /** Streams started by commands (logs.start), delivered on the current connection. */
  streams: StreamHub;
  /**
   * This agent's own ceiling on workload policies (--workload-policy): the cluster's policy that
   * comes with a command is enforced only as far as this allows. Absent: the cluster's policy.
   */
  policyCeiling?: WorkloadPolicy;
  /** The HAProxy load balancers this node runs (haproxy.* commands); absent: they are refused. */
  haproxy?: HaproxyManager;
};

/** The payload after parsing (defaults applied). */
export type ParsedPayload<T extends CommandType> = z.output<(typeof COMMANDS)[T]["payload"]>;

export type CommandHandler<T extends CommandType> = (payload: ParsedPayload<T>, context: CommandContext) => Promise<CommandResult<T>>;
