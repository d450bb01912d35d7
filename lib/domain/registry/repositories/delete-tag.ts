import type { OrgContext } from "@/lib/auth/context";
import { AppError } from "@/lib/errors";
import { mapLimit } from "@/lib/drivers/registry/describe-image";
import { getManifest, listTags } from "@/lib/drivers/registry/registry-client";
import type { Logger } from "@/lib/logger";
import { deleteDigest } from "./delete-digest";
import { findRepository } from "./find-repository";

/**
 * Deletes a tag. The registry deletes manifests, not tags, so every tag with the same digest
 * goes too; the answer names them (the console's confirmation lists them beforehand).
 */
export async function deleteTag({ ctx, repositoryId, tag, log }: { ctx: OrgContext; repositoryId: string; tag: string; log?: Logger }) {
  const repo = await findRepository({ orgId: ctx.orgId, repositoryId });
  const manifest = await getManifest(repo.path, tag);
  if (!manifest?.digest) throw new AppError("NOT_FOUND", `Tag ${tag} not found in ${repo.path}`);
  const others = (await listTags(repo.path)).filter((t) => t !== tag);
  // Tags that vanish meanwhile have no manifest (null) and are skipped.
  const digests = await mapLimit(others, 8, async (t) => (await getManifest(repo.path, t))?.digest);
  const tags = [tag, ...others.filter((_, i) => digests[i] === manifest.digest)];
  await deleteDigest({
    orgId: ctx.orgId,
    repository: repo,
    digest: manifest.digest,
    tags,
    actor: ctx.actor,
    auditAction: "registry.tag-delete",
    log,
  });
  return { deleted: tags, digest: manifest.digest };
}
