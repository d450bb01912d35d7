import { describe, expect, it } from "vitest";
import { parseLabels } from "./labels";
import type { ServiceExtensions } from "./extensions";
import { startOrder } from "./start-order";
import { compileOk } from "./test-helpers";

function order(text: string) {
  const { app } = compileOk(text);
  const extensions: Record<string, ServiceExtensions> = {};
  for (const [name, service] of Object.entries(app.services)) extensions[name] = parseLabels({ serviceName: name, service }).extensions;
  return startOrder(app, extensions, (path) => ({ line: path.length, column: 1 }));
}

describe("startOrder", () => {
  it("orders by depends_on and depends labels, in batches", () => {
    const result = order(
      "services:\n  web:\n    image: x\n    depends_on: [api]\n  api:\n    image: x\n    labels:\n      aliyun.depends: db,cache\n  db:\n    image: x\n  cache:\n    image: x\n  worker:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n",
    );
    expect(result).toEqual({
      ok: true,
      levels: [["cache", "db"], ["api", "worker"], ["web"]],
      order: ["cache", "db", "api", "worker", "web"],
      issues: [],
    });
  });

  it("detects cycles and names them", () => {
    const result = order(
      "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    labels:\n      wharf.depends: a\n",
    );
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: "cycle", path: "services.a.depends_on.b", message: "dependency cycle: a → b → c → a" }),
    ]);
  });

  it("rejects unknown services and self-dependencies", () => {
    const result = order(
      "services:\n  a:\n    image: x\n    depends_on: [dbb]\n  db:\n    image: x\n    labels:\n      aliyun.depends: db\n",
    );
    expect(result.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ["reference", "services.a.depends_on.dbb", 'service "a" depends on unknown service "dbb" (did you mean "db"?)'],
      ["cycle", 'services.db.labels["aliyun.depends"]', 'service "db" cannot depend on itself'],
    ]);
  });
});
