/**
 * Registry data every contract-test tenant gets: a repository row "<slug>/app" (pushes create
 * these; no image is pushed here), a retention rule, a disabled webhook and stored external
 * registry credentials (host: the test registry on loopback, so "test connection" stays local).
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { prisma } from "@/lib/db";
import { call } from "../integration/client";
import { REGISTRY_HOST } from "./registry-http";

export type RegistryFixtures = {
  repositoryId: string;
  repositoryPath: string;
  ruleId: string;
  webhookId: string;
  webhookSecret: string;
  externalRegistryId: string;
  externalPassword: string;
};

export async function createRegistryFixtures({
  orgId,
  slug,
  cookie,
}: {
  orgId: string;
  slug: string;
  cookie: string;
}): Promise<RegistryFixtures> {
  const repo = await prisma.repository.create({ data: { orgId, path: `${slug}/app` }, select: { id: true, path: true } });
  const rule = await call<{ id: string }>("POST", "/api/v1/registry/retention-rules", { cookie, body: { repository: "app", keepLast: 5 } });
  expect(rule.status, rule.text).toBe(201);
  const hook = await call<{ id: string; secret: string }>("POST", "/api/v1/registry/webhooks", {
    cookie,
    body: { name: "ci", url: "http://127.0.0.1:9/hook", enabled: false },
  });
  expect(hook.status, hook.text).toBe(201);
  const externalPassword = `ext-pw-${randomBytes(12).toString("hex")}`;
  const ext = await call<{ id: string }>("POST", "/api/v1/registry/external-registries", {
    cookie,
    body: { name: "mirror", kind: "GENERIC", host: REGISTRY_HOST, username: "robot", password: externalPassword },
  });
  expect(ext.status, ext.text).toBe(201);
  return {
    repositoryId: repo.id,
    repositoryPath: repo.path,
    ruleId: rule.json.id,
    webhookId: hook.json.id,
    webhookSecret: hook.json.secret,
    externalRegistryId: ext.json.id,
    externalPassword,
  };
}

export const registrySecrets = (f: RegistryFixtures) => [
  f.repositoryId,
  f.repositoryPath,
  f.ruleId,
  f.webhookId,
  f.webhookSecret,
  f.externalRegistryId,
  f.externalPassword,
];
