import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "@/lib/compose/swarm-types";
import { rerunSpec } from "./rerun-spec";

const file = (name: string) => ({ Name: name, UID: "0", GID: "0", Mode: 0o444 });

describe("rerunSpec", () => {
  it("names the service as it runs and binds secrets and configs to the objects it already uses", () => {
    const compiled = {
      Name: "shop_report",
      Labels: { "wharf.app": "shop" },
      TaskTemplate: {
        ContainerSpec: {
          Image: "report:1",
          Labels: {},
          Secrets: [{ File: file("db_password"), SecretName: "db_password" }],
          Configs: [{ File: file("/etc/report.yml"), ConfigName: "report_config" }],
        },
        Resources: { Limits: {}, Reservations: {} },
        Placement: { Constraints: [], Preferences: [] },
        Networks: [],
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
      EndpointSpec: { Mode: "dnsrr", Ports: [] },
    } satisfies ServiceSpec;
    const live = {
      TaskTemplate: {
        ContainerSpec: {
          Secrets: [{ File: file("db_password"), SecretName: "shop_db_password_ab12", SecretID: "x1" }],
          Configs: [{ File: file("/etc/report.yml"), ConfigName: "shop_report_config_cd34", ConfigID: "x2" }],
        },
      },
    };
    const spec = rerunSpec(compiled, "shop_report_green", live);
    expect(spec.Name).toBe("shop_report_green");
    expect(spec.TaskTemplate.ContainerSpec.Secrets).toEqual([{ File: file("db_password"), SecretName: "shop_db_password_ab12" }]);
    expect(spec.TaskTemplate.ContainerSpec.Configs).toEqual([{ File: file("/etc/report.yml"), ConfigName: "shop_report_config_cd34" }]);
    expect(compiled.Name).toBe("shop_report");
  });
});
