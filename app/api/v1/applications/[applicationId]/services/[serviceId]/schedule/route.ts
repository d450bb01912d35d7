import { setJobSchedule } from "@/lib/domain/service-jobs/set-job-schedule";
import { route } from "@/lib/http/route";
import { serviceJobEndpoints } from "@/lib/schemas/service-jobs";

export const PATCH = route(serviceJobEndpoints.setSchedule, ({ ctx, params, body }) =>
  setJobSchedule({ ctx, applicationId: params.applicationId, serviceId: params.serviceId, suspended: body.suspended }),
);
