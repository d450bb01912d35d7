/**
 * Turns a tag into what the console shows: digest, size, created time and platforms. Manifests
 * are content-addressed, so summaries are cached by digest for the life of the process.
 */
import { imageBlobs, imageChildren, isIndex, platformName, type ImageConfig, type ImageManifest, type IndexManifest } from "./manifests";
import { getJsonBlob, getManifest, type ManifestResponse } from "./registry-client";

export type ImageSummary = {
  digest: string;
  mediaType: string;
  /** Compressed size of the distinct blobs (config + layers) of every platform. */
  sizeBytes: number;
  createdAt: string | null;
  platforms: string[];
  blobs: Array<{ digest: string; size: number }>;
};

const MAX_CACHED = 5000;
const cache = new Map<string, ImageSummary>();

function remember(summary: ImageSummary): ImageSummary {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(summary.digest, summary);
  return summary;
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

function distinct(blobs: Array<{ digest: string; size: number }>) {
  return [...new Map(blobs.map((b) => [b.digest, b])).values()];
}

async function describeImage(path: string, m: ManifestResponse): Promise<ImageSummary> {
  const manifest = m.body as ImageManifest;
  const blobs = imageBlobs(manifest);
  let config: ImageConfig = {};
  if (manifest.config?.digest) config = ((await getJsonBlob(path, manifest.config.digest)) ?? {}) as ImageConfig;
  const platform = platformName(config);
  return {
    digest: m.digest,
    mediaType: m.mediaType,
    sizeBytes: blobs.reduce((n, b) => n + b.size, 0),
    createdAt: typeof config.created === "string" && !config.created.startsWith("0001-") ? new Date(config.created).toISOString() : null,
    platforms: platform ? [platform] : [],
    blobs,
  };
}

async function describeIndex(path: string, m: ManifestResponse): Promise<ImageSummary> {
  const children = imageChildren(m.body as IndexManifest);
  const described = await mapLimit(children, 4, async (child) => {
    const cached = cache.get(child.digest);
    if (cached) return cached;
    const manifest = await getManifest(path, child.digest);
    return manifest ? remember(await describeImage(path, manifest)) : null;
  });
  const present = described.filter((d): d is ImageSummary => d !== null);
  const blobs = distinct(present.flatMap((d) => d.blobs));
  const created =
    present
      .map((d) => d.createdAt)
      .filter((c): c is string => c !== null)
      .sort()
      .at(-1) ?? null;
  const platforms = children.map((c) => platformName(c.platform)).filter((p): p is string => p !== null);
  return {
    digest: m.digest,
    mediaType: m.mediaType,
    sizeBytes: blobs.reduce((n, b) => n + b.size, 0),
    createdAt: created,
    platforms,
    blobs,
  };
}

/** Summary of the image a tag (or digest) names; null when it does not exist. */
export async function describeReference(path: string, reference: string): Promise<ImageSummary | null> {
  if (reference.startsWith("sha256:") && cache.has(reference)) return cache.get(reference) ?? null;
  const m = await getManifest(path, reference);
  if (!m) return null;
  const cached = cache.get(m.digest);
  if (cached) return cached;
  return remember(isIndex(m.mediaType) ? await describeIndex(path, m) : await describeImage(path, m));
}
