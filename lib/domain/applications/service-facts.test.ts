import { describe, expect, it } from "vitest";
import { withReplicas } from "./service-facts";

describe("withReplicas", () => {
  it("sets a replicated service's replicas and leaves job and global modes as the template has them", () => {
    expect(withReplicas({ Name: "web", Mode: { Replicated: { Replicas: 1 } } }, 3)).toEqual({
      Name: "web",
      Mode: { Replicated: { Replicas: 3 } },
    });
    const job = { Name: "report", Mode: { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } } };
    expect(withReplicas(job, 1)).toBe(job);
    const global = { Name: "agent", Mode: { Global: {} } };
    expect(withReplicas(global, 1)).toBe(global);
  });
});
