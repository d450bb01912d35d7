import { deleteRetentionRule } from "@/lib/domain/registry/retention/delete-retention-rule";
import { updateRetentionRule } from "@/lib/domain/registry/retention/update-retention-rule";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const PATCH = route(registryEndpoints.updateRetentionRule, ({ ctx, params, body }) =>
  updateRetentionRule({ ctx, ruleId: params.ruleId, input: body }),
);
export const DELETE = route(registryEndpoints.deleteRetentionRule, ({ ctx, params }) =>
  deleteRetentionRule({ ctx, ruleId: params.ruleId }),
);
