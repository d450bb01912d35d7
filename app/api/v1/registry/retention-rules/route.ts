import { createRetentionRule } from "@/lib/domain/registry/retention/create-retention-rule";
import { listRetentionRules } from "@/lib/domain/registry/retention/list-retention-rules";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listRetentionRules, ({ ctx }) => listRetentionRules({ orgId: ctx.orgId }));
export const POST = route(registryEndpoints.createRetentionRule, ({ ctx, body }) => createRetentionRule({ ctx, input: body }));
