/** Version of this agent build, sent on join and connect (x-wharf-agent-version). */
export const AGENT_VERSION = "0.1.0";
