import { expect } from "vitest";
import { pushTestImages, type PushedImages } from "../registry-images";
import { call } from "./client";
import { TEST_REGISTRY } from "./swarm-cluster";

/** Pushes the test images into the signed-up organisation's namespace of the hosted registry. */
export async function orgTestImages(cookie: string, slug: string): Promise<PushedImages & { apiToken: string }> {
  const token = await call<{ token: string }>("POST", "/api/v1/tokens", { cookie, body: { name: "image-push", role: "DEVELOPER" } });
  expect(token.status, token.text).toBe(201);
  const images = await pushTestImages({ apiToken: token.json.token, slug, pushHost: TEST_REGISTRY.push, pullHost: TEST_REGISTRY.pull });
  return { ...images, apiToken: token.json.token };
}
