/**
 * Manifest media types and what a tag's manifest says about its image: compressed size, creation
 * time and platforms (from the config blob), for single images and for manifest lists / OCI
 * indexes (one entry per platform; attestation manifests are skipped).
 */
export const MEDIA = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(", ");

export const isIndex = (mediaType: string) => mediaType === MEDIA.dockerList || mediaType === MEDIA.ociIndex;
export const isManifest = (mediaType: string) => Object.values(MEDIA).includes(mediaType as (typeof MEDIA)[keyof typeof MEDIA]);

export type Descriptor = { digest: string; size: number; mediaType?: string; platform?: Platform; annotations?: Record<string, string> };
export type Platform = { os?: string; architecture?: string; variant?: string };

export type ImageManifest = { mediaType?: string; config?: Descriptor; layers?: Descriptor[] };
export type IndexManifest = { mediaType?: string; manifests?: Descriptor[] };

/** Image config blob: only the fields Wharf shows. */
export type ImageConfig = { created?: string; os?: string; architecture?: string; variant?: string };

export function platformName(p: Platform | undefined): string | null {
  if (!p?.os || !p.architecture || p.os === "unknown") return null;
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** Index children that are images (not attestations or other artefacts). */
export function imageChildren(index: IndexManifest): Descriptor[] {
  return (index.manifests ?? []).filter(
    (d) => d.annotations?.["vnd.docker.reference.type"] !== "attestation-manifest" && platformName(d.platform) !== null,
  );
}

/** Blobs (config + layers) an image manifest references, with their compressed sizes. */
export function imageBlobs(manifest: ImageManifest): Array<{ digest: string; size: number }> {
  const blobs = [...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])];
  return blobs.filter((b) => typeof b.digest === "string" && typeof b.size === "number").map((b) => ({ digest: b.digest, size: b.size }));
}
