/**
 * node.update (manager only): converge a node's labels (the complete desired set), availability
 * and role. Unchanged specs are not written, so repeating the command changes nothing; a
 * concurrent update ("update out of sequence") is retried on the fresh version.
 */
import { canonicalJson } from "@/lib/protocol/canonical-json";
import type { NodeSpec } from "../docker/engine-schemas";
import { sleep } from "../util/sleep";
import { CommandError } from "./command-error";
import { isOutOfSequence } from "./swarm-helpers";
import type { CommandHandler, ParsedPayload } from "./types";

const MAX_ATTEMPTS = 5;

export const nodeUpdate: CommandHandler<"node.update"> = async (payload, context) => {
  const { docker, signal } = context;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const node = await docker.inspectNode({ id: payload.swarmNodeId, signal });
    if (!node) throw new CommandError("NODE_NOT_FOUND", `swarm node ${payload.swarmNodeId} does not exist`);
    const desired = desiredSpec(node.Spec, payload);
    if (canonicalJson(desired) === canonicalJson(node.Spec)) return { version: node.Version.Index };
    try {
      await docker.updateNode({ id: node.ID, version: node.Version.Index, spec: desired, signal });
    } catch (error) {
      if (!isOutOfSequence(error) || attempt === MAX_ATTEMPTS) throw error;
      context.log.debug("node update raced with another change; retrying", { node: node.ID, attempt });
      await sleep(50 * attempt, signal);
      continue;
    }
    const updated = await docker.inspectNode({ id: node.ID, signal });
    if (!updated) throw new CommandError("NODE_NOT_FOUND", `swarm node ${node.ID} disappeared during the update`);
    context.log.info("node updated", { node: node.ID, role: desired.Role, availability: desired.Availability });
    return { version: updated.Version.Index };
  }
  throw new CommandError("CONFLICT", `node ${payload.swarmNodeId} kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
};

function desiredSpec(current: NodeSpec, payload: ParsedPayload<"node.update">): NodeSpec {
  return {
    ...current,
    Labels: payload.labels ?? current.Labels,
    Availability: payload.availability ?? current.Availability,
    Role: payload.role ?? current.Role,
  };
}
