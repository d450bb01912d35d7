/**
 * The image repositories present on the engine, for the control plane's affinity:image== node
 * labels: "10.77.0.1:5000/org/app:1" → "10.77.0.1:5000/org/app". Images known only by digest
 * count too (a task pinned by pullLatest leaves one). Sorted and de-duplicated, so the inventory
 * hash changes only when the set does.
 */
import type { ImageSummary } from "../docker/app-schemas";

export const MAX_REPOSITORIES = 500;
const MAX_NAME = 300;

export function imageRepositories(images: readonly ImageSummary[]): string[] {
  const repositories = new Set<string>();
  for (const image of images) {
    for (const tagged of image.RepoTags) add(repositories, stripAfter(tagged, ":"));
    for (const digested of image.RepoDigests) add(repositories, stripAfter(digested, "@"));
  }
  return [...repositories].sort().slice(0, MAX_REPOSITORIES);
}

function add(repositories: Set<string>, repository: string): void {
  // "<none>:<none>" and "<none>@<none>" stand for untagged images
  if (repository && repository !== "<none>" && repository.length <= MAX_NAME) repositories.add(repository);
}

/** Cuts the tag (":" after the last "/", so a registry port stays) or the digest ("@"). */
function stripAfter(reference: string, separator: ":" | "@"): string {
  const at = reference.lastIndexOf(separator);
  if (at < 0) return reference;
  if (separator === ":" && at < reference.lastIndexOf("/")) return reference;
  return reference.slice(0, at);
}
