import type { OrgContext } from "@/lib/auth/context";
import { queueChange } from "./queue-change";

/** Deletes the application: a deployment removes every Docker object it created, then the record. */
export function deleteApplication({ ctx, applicationId }: { ctx: OrgContext; applicationId: string }) {
  return queueChange({
    ctx,
    applicationId,
    kind: "DELETE",
    audit: "application.delete",
    details: {},
    prepare: async (tx) =>
      void (await tx.application.update({ where: { id: applicationId }, data: { desiredState: "DELETED", status: "DELETING" } })),
  });
}
