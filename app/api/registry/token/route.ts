/**
 * Token endpoint of the hosted registry (REGISTRY_TOKEN_REALM): Docker clients come here with
 * Basic credentials and the scopes they need, and get a signed bearer token for the registry.
 * GET is the classic flow (`docker login/push/pull`); POST is the OAuth2 password grant that
 * containerd-based clients (BuildKit) try first.
 */
import { AppError } from "@/lib/errors";
import { issueRegistryToken } from "@/lib/domain/registry/token/issue-registry-token";
import { readTextBody } from "@/lib/http/read-body";
import { registryJson, registryRoute } from "@/lib/http/registry-route";

export const dynamic = "force-dynamic";

export const GET = registryRoute("registry.token", async (req, info) => {
  const url = new URL(req.url);
  const issued = await issueRegistryToken({
    authorization: req.headers.get("authorization"),
    service: url.searchParams.get("service"),
    scopes: url.searchParams.getAll("scope"),
    ip: info.ip,
  });
  return registryJson(issued);
});

export const POST = registryRoute("registry.token.oauth", async (req, info) => {
  const form = new URLSearchParams(await readTextBody(req, 16_384));
  if (form.get("grant_type") !== "password") throw new AppError("INVALID_INPUT", "Only grant_type=password is supported");
  const basic = `Basic ${Buffer.from(`${form.get("username") ?? ""}:${form.get("password") ?? ""}`).toString("base64")}`;
  const scopes = form.getAll("scope");
  const issued = await issueRegistryToken({ authorization: basic, service: form.get("service"), scopes, ip: info.ip });
  return registryJson({
    access_token: issued.access_token,
    expires_in: issued.expires_in,
    issued_at: issued.issued_at,
    scope: scopes.join(" "),
  });
});
