/** The node label that makes a node run its cluster's HAProxy load balancers (`wharf.lb=true`). */
export const LB_NODE_LABEL = "wharf.lb";

/** Does a node's (desired) label set make it an HAProxy node? */
export const isLbNode = (labels: unknown): boolean =>
  typeof labels === "object" && labels !== null && !Array.isArray(labels) && (labels as Record<string, unknown>)[LB_NODE_LABEL] === "true";
