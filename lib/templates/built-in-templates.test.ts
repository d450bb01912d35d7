import { describe, expect, it } from "vitest";
import { loadCompose } from "@/lib/compose";
import { referencedVariables, saveTemplateSchema, templateVariableSchema } from "@/lib/schemas/templates";
import { BUILT_IN_TEMPLATES, type BuiltInTemplate } from "./index";

/** The form's answers when the user changes nothing: every default, and a value for each secret. */
function defaults(t: BuiltInTemplate, overrides: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(t.variables.map((v) => [v.name, v.secret ? `s3cret-${v.name.toLowerCase()}` : v.default])), ...overrides };
}

const load = (t: BuiltInTemplate, env: Record<string, string>) =>
  loadCompose({ text: t.compose, env, appName: t.suggestedAppName, orgSlug: "acme" });

describe("built-in templates", () => {
  it("are the four of the gallery, with unique ids", () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.id)).toEqual(["web-database", "wordpress", "redis-replication", "scheduled-worker"]);
    expect(new Set(BUILT_IN_TEMPLATES.map((t) => t.name)).size).toBe(BUILT_IN_TEMPLATES.length);
  });

  for (const t of BUILT_IN_TEMPLATES) {
    describe(t.id, () => {
      it("compiles with its default variables, without errors or warnings", () => {
        const result = load(t, defaults(t));
        if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
        expect(result.warnings).toEqual([]);
        // every image is a variable's answer, never an empty string
        for (const s of result.services) expect(s.spec.TaskTemplate.ContainerSpec.Image).not.toBe("");
      });

      it("asks exactly the variables its compose file uses", () => {
        expect(t.variables.map((v) => v.name).sort()).toEqual(referencedVariables(t.compose).sort());
      });

      it("declares valid variables, and would be accepted as an organisation template", () => {
        for (const v of t.variables) expect(templateVariableSchema.safeParse(v).success, v.name).toBe(true);
        const saved = saveTemplateSchema.safeParse({
          name: t.name,
          description: t.description,
          compose: t.compose,
          variables: t.variables,
        });
        expect(saved.success, saved.error?.message).toBe(true);
      });

      it("refuses to compile when a secret's variable is missing", () => {
        const secret = t.variables.find((v) => v.secret);
        if (!secret) return;
        const { [secret.name]: _left, ...env } = defaults(t);
        const result = load(t, env);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => e.path).join(" ")).toContain("secrets");
      });
    });
  }
});

describe("variable substitution", () => {
  const worker = BUILT_IN_TEMPLATES.find((t) => t.id === "scheduled-worker")!;

  it("puts the form's answers into the service spec", () => {
    const result = load(
      worker,
      defaults(worker, { WORKER_IMAGE: "10.0.0.1:5000/acme/busybox:1", JOB_COMMAND: "echo templated", INTERVAL_SECONDS: "5" }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    const container = result.services[0]!.spec.TaskTemplate.ContainerSpec;
    expect(container.Image).toBe("10.0.0.1:5000/acme/busybox:1");
    expect(container.Env).toEqual(expect.arrayContaining(["JOB_COMMAND=echo templated", "INTERVAL_SECONDS=5"]));
    // `$$` reached the container's shell as a single `$`
    expect(JSON.stringify(container.Args ?? container.Command)).toContain('sh -c \\"$JOB_COMMAND\\"');
  });

  it("sets the replicas the form asked for", () => {
    const redis = BUILT_IN_TEMPLATES.find((t) => t.id === "redis-replication")!;
    const result = load(redis, defaults(redis, { REPLICA_COUNT: "3" }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    const replica = result.services.find((s) => s.name === "replica")!;
    expect(replica.spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
  });

  it("stores secrets from the variables, not in the compose file", () => {
    const web = BUILT_IN_TEMPLATES.find((t) => t.id === "web-database")!;
    const result = load(web, defaults(web, { DB_PASSWORD: "pw-from-the-form" }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.secrets.map((s) => Buffer.from(s.Data, "base64").toString())).toEqual(["pw-from-the-form"]);
  });
});

describe("referencedVariables", () => {
  it("finds ${A}, ${B:-x}, $C and nested defaults, not $$ literals", () => {
    expect(referencedVariables('a: ${A}\nb: "${B:-${D}}"\nc: $C\nd: $$E $${F}\n')).toEqual(["A", "B", "D", "C"]);
  });
});
