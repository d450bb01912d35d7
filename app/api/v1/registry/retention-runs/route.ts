import { requestRetentionRun } from "@/lib/domain/registry/retention/request-retention-run";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const POST = route(registryEndpoints.runRetention, ({ ctx }) => requestRetentionRun({ ctx }));
