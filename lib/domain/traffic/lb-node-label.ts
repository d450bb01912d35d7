/** The node label that makes a node run its cluster's HAProxy load balancers (`wharf.lb=true`). */
export const LB_NODE_LABEL = "wharf.lb";
