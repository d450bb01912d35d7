/** How a template version is shown: its fields, and whether it is the application's current and deployed one. */
export const versionSelect = { id: true, version: true, message: true, envKeys: true, createdAt: true } as const;

type VersionOwner = { currentVersionId: string | null; deployedVersionId: string | null };

export function toVersionView<V extends { id: string }>(v: V, app: VersionOwner) {
  return { ...v, current: v.id === app.currentVersionId, deployed: v.id === app.deployedVersionId };
}
