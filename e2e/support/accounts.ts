/** Accounts made through the API (the request context keeps the session cookie for later calls). */
import { expect, type APIRequestContext } from "@playwright/test";
import { uniqueEmail } from "./unique";

/**
 * Signs up a new user with a fresh organisation (asserting 201) and returns its slug.
 * @param origin the app's origin (the API checks it on cookie-authenticated writes)
 */
export async function signUpViaApi(
  request: APIRequestContext,
  origin: string,
  { emailPrefix, name, organizationName }: { emailPrefix: string; name: string; organizationName?: string },
): Promise<{ slug: string }> {
  const data = {
    email: uniqueEmail(emailPrefix),
    name,
    password: "a-long-enough-password",
    ...(organizationName === undefined ? {} : { organizationName }),
  };
  const res = await request.post("/api/v1/auth/sign-up", { data, headers: { origin } });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { memberships: Array<{ organizationSlug: string }> };
  return { slug: body.memberships[0]?.organizationSlug ?? "" };
}

/** Creates a DEVELOPER API token in the signed-in user's active organisation and returns its secret. */
export async function createApiToken(request: APIRequestContext, origin: string, name: string): Promise<string> {
  const res = await request.post("/api/v1/tokens", { data: { name, role: "DEVELOPER" }, headers: { origin } });
  return ((await res.json()) as { token: string }).token;
}

/** Both of the above: a new account and an API token (named "push" unless told: docker login) in its organisation. */
export async function signUpWithApiToken(
  request: APIRequestContext,
  origin: string,
  account: { emailPrefix: string; name: string; organizationName?: string; tokenName?: string },
): Promise<{ slug: string; token: string }> {
  const { slug } = await signUpViaApi(request, origin, account);
  return { slug, token: await createApiToken(request, origin, account.tokenName ?? "push") };
}
