/**
 * Credentials a node needs to pull an image, for deploy commands (the Engine's X-Registry-Auth):
 *  - an image in the hosted registry, in the organisation's own namespace: a pull credential for
 *    that repository (username "wharf-pull", password wharf_pull_…, valid
 *    REGISTRY_PULL_CREDENTIAL_TTL_SECONDS) that the Engine exchanges at the token endpoint;
 *  - an image on a host the organisation stored external credentials for: those credentials;
 *  - anything else (public images, other organisations' namespaces): null.
 */
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { parseImageReference } from "@/lib/compose/valid-names";
import { namespaceOf } from "@/lib/drivers/registry/scopes";
import { registrySettings } from "@/lib/drivers/registry/settings";
import { createPullCredential, PULL_USERNAME } from "./token/pull-credential";

export type RegistryAuth = { username: string; password: string; serveraddress: string };

const DOCKER_HUB_HOSTS = ["docker.io", "index.docker.io", "registry-1.docker.io"];

export async function registryAuthFor({ orgId, image }: { orgId: string; image: string }): Promise<RegistryAuth | null> {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return null;
  const domain = (parsed.value.domain ?? "docker.io").toLowerCase();
  if (registrySettings().hosts.includes(domain)) {
    const org = await prisma.organization.findUnique({ where: { id: orgId }, select: { slug: true } });
    if (!org || namespaceOf(parsed.value.path) !== org.slug) return null;
    return {
      username: PULL_USERNAME,
      password: await createPullCredential({ orgId, repository: parsed.value.path }),
      serveraddress: domain,
    };
  }
  const hub = DOCKER_HUB_HOSTS.includes(domain);
  const ext = await prisma.externalRegistry.findFirst({
    where: { orgId, host: hub ? { in: DOCKER_HUB_HOSTS } : domain },
    orderBy: { updatedAt: "desc" },
    select: { username: true, secretEnc: true },
  });
  if (!ext) return null;
  return { username: ext.username, password: decryptSecret(ext.secretEnc), serveraddress: hub ? "https://index.docker.io/v1/" : domain };
}
