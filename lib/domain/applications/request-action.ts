import type { OrgContext } from "@/lib/auth/context";
import { queueChange } from "./queue-change";
import type { DeploymentKind } from "./queue-deployment";

const ACTIONS = { stop: "STOP", start: "START", restart: "RESTART", redeploy: "REDEPLOY" } as const satisfies Record<
  string,
  DeploymentKind
>;

/** stop (replicas to 0), start, restart (every task), redeploy (pull the latest image of each tag). */
export function requestAction({ ctx, applicationId, action }: { ctx: OrgContext; applicationId: string; action: keyof typeof ACTIONS }) {
  return queueChange({
    ctx,
    applicationId,
    kind: ACTIONS[action],
    audit: `application.${action}`,
    details: { action },
    prepare: async (tx) => {
      if (action === "stop") await tx.application.update({ where: { id: applicationId }, data: { desiredState: "STOPPED" } });
      if (action === "start") await tx.application.update({ where: { id: applicationId }, data: { desiredState: "RUNNING" } });
    },
  });
}
