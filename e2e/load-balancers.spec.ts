/**
 * Load balancers and certificates in the console: create an HAProxy routing balancer and a cloud
 * one (Alibaba SLB, pointed at the LOCAL STAND-IN of its API on 127.0.0.1, which the test stack's
 * outbound policy allows), test the connection, edit, upload a certificate, and delete with
 * confirmation — including the refusal while an application still binds the balancer.
 */
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { startAliyunSlbStandin, type AliyunSlbStandin } from "../tests/support/lb-standins/aliyun-slb-standin";
import { makeCertificate } from "../tests/support/test-certificates";
import { signUpViaApi } from "./support/accounts";

let slb: AliyunSlbStandin | undefined;

test.afterAll(async () => {
  await slb?.close();
});

/** Review screenshots for this area go next to its notes. */
async function shot(page: Page, name: string) {
  mkdirSync("/tmp/wharf-notes", { recursive: true });
  await page.screenshot({ path: `/tmp/wharf-notes/lb-${name}.png`, fullPage: true });
}

test("create, test, edit and delete load balancers and certificates of a cluster", async ({ page, baseURL }) => {
  const origin = baseURL ?? "";
  slb = await startAliyunSlbStandin();
  await signUpViaApi(page.request, origin, { emailPrefix: "lb", name: "Traffic Person" });
  const cluster = await page.request.post("/api/v1/clusters", { data: { name: "edge-lb" }, headers: { origin } });
  expect(cluster.status()).toBe(201);
  const clusterId = ((await cluster.json()) as { id: string }).id;

  // From the cluster page to its Load balancers tab: empty, and it says what to do.
  await page.goto(`/clusters/${clusterId}`);
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Load balancers" }).click();
  await expect(page.getByText("No load balancers in this cluster")).toBeVisible();
  await expect(page.getByText(/Create an HAProxy load balancer .* label a node wharf\.lb=true/)).toBeVisible();
  await shot(page, "empty");

  // An HAProxy routing balancer.
  await page.getByRole("button", { name: "Create load balancer" }).first().click();
  let dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Driver")).toHaveValue("haproxy");
  await dialog.getByLabel("Name").fill("edge");
  await dialog.getByRole("checkbox").check();
  await dialog.getByRole("button", { name: "Create load balancer" }).click();
  const edge = page.getByTestId("lb-edge");
  await expect(edge).toBeVisible();
  await expect(edge).toContainText("routing");
  await expect(page.getByText("No node runs HAProxy")).toBeVisible();

  // A cloud balancer: the form's fields come from the driver; the secret is a password field.
  await page.getByRole("button", { name: "Create load balancer" }).first().click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Driver").selectOption("aliyun-slb");
  await dialog.getByLabel("Name").fill("slbtest");
  await dialog.getByLabel("Region").fill(slb.regionId);
  await dialog.getByLabel("SLB instance id").fill(slb.loadBalancerId);
  await dialog.getByLabel("API endpoint (optional)").fill(slb.endpoint);
  await dialog.getByLabel("AccessKey ID").fill(slb.accessKeyId);
  await expect(dialog.getByLabel("AccessKey secret")).toHaveAttribute("type", "password");
  await dialog.getByLabel("AccessKey secret").fill(slb.accessKeySecret);
  await shot(page, "create-cloud");
  await dialog.getByRole("button", { name: "Create load balancer" }).click();
  const cloud = page.getByTestId("lb-slbtest");
  await expect(cloud).toContainText("Alibaba Cloud SLB");

  // Test connection, from the card: the stand-in answers as SLB would.
  await cloud.getByRole("button", { name: "Test connection" }).click();
  await expect(cloud.getByRole("status")).toContainText("Connected: SLB standin-slb");
  expect(slb.callsOf("DescribeLoadBalancerAttribute").length).toBeGreaterThan(0);
  // The page never shows the secret.
  await expect(page.locator("body")).not.toContainText(slb.accessKeySecret);

  // Edit: the secret may stay empty (kept); the edit dialog tests the saved settings too.
  await cloud.getByRole("button", { name: "Edit slbtest" }).click();
  dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("AccessKey secret")).toHaveValue("");
  await dialog.getByLabel("Description").fill("production SLB");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(dialog.getByText("Connected: SLB standin-slb")).toBeVisible();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(cloud).toContainText("production SLB");
  await cloud.getByRole("button", { name: "Test connection" }).click();
  await expect(cloud.getByRole("status")).toContainText("Connected");

  // A certificate for the routing tier.
  const pem = makeCertificate({ domains: ["shop.example.test", "*.shop.example.test"] });
  await page.getByRole("button", { name: "Upload certificate" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Certificate", { exact: true }).fill(pem.certificate);
  await dialog.getByLabel("Private key", { exact: true }).fill(pem.privateKey);
  await dialog.getByRole("button", { name: "Upload certificate" }).click();
  const cert = page.getByTestId("certificate-shop.example.test");
  await expect(cert).toContainText("*.shop.example.test");
  await shot(page, "list");

  // A load balancer an application binds cannot be deleted; the dialog says who binds it.
  const app = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: {
      name: "shop",
      clusterId,
      compose: `services:\n  web:\n    image: wharf-test/busybox:1\n    ports: ["80"]\n    labels:\n      aliyun.lb.port_80: tcp://slbtest:8080\n`,
    },
  });
  expect(app.status()).toBe(201);
  const appId = ((await app.json()) as { application: { id: string } }).application.id;
  // Its page lists the endpoint (a cloud balancer's address lives in the cloud's console).
  await page.goto(`/applications/${appId}`);
  const traffic = page.getByTestId("traffic-web");
  await expect(traffic).toContainText("tcp listener 8080 of slbtest");
  await expect(traffic).toContainText("No backends applied yet");
  await shot(page, "app-traffic");
  await page.goBack();
  await cloud.getByRole("button", { name: "Delete slbtest" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Delete load balancer" }).click();
  await expect(dialog.getByRole("alert")).toContainText("slbtest is still used by shop/web (aliyun.lb.port_80)");
  await shot(page, "delete-refused");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // Once the application no longer binds it, it goes.
  const next = await page.request.post(`/api/v1/applications/${appId}/versions`, {
    headers: { origin },
    data: { compose: "services:\n  web:\n    image: wharf-test/busybox:1\n" },
  });
  expect(next.status()).toBe(201);
  await cloud.getByRole("button", { name: "Delete slbtest" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Delete load balancer" }).click();
  await expect(cloud).toBeHidden();

  // The certificate, with confirmation.
  await cert.getByRole("button", { name: "Delete certificate shop.example.test" }).click();
  dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("shop.example.test");
  await dialog.getByRole("button", { name: "Delete certificate" }).click();
  await expect(cert).toBeHidden();
  await expect(page.getByText("No certificates")).toBeVisible();
  await shot(page, "after-delete");
});
