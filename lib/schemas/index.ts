/** Every public API endpoint. The OpenAPI document and the contract tests iterate this list. */
import { adoptionEndpoints } from "./adoption";
import { alertEndpoints } from "./alerts";
import { applicationEndpoints } from "./applications";
import { auditEndpoints } from "./audit";
import { autoscalingEndpoints } from "./autoscaling";
import { authEndpoints } from "./auth";
import { clusterEndpoints } from "./clusters";
import { installationEndpoints } from "./installation";
import { loadBalancerEndpoints } from "./load-balancers";
import type { Endpoint } from "./endpoint";
import { logSinkEndpoints } from "./log-sinks";
import { logEndpoints } from "./logs";
import { metricEndpoints } from "./metrics";
import { metricsFederationEndpoints } from "./metrics-federation";
import { notificationChannelEndpoints } from "./notification-channels";
import { organizationEndpoints } from "./organization";
import { registryEndpoints } from "./registry";
import { releaseEndpoints } from "./releases";
import { serviceJobEndpoints } from "./service-jobs";
import { templateEndpoints } from "./templates";
import { tokenEndpoints } from "./tokens";

export const ENDPOINTS: Endpoint[] = [
  ...Object.values(authEndpoints),
  ...Object.values(organizationEndpoints),
  ...Object.values(tokenEndpoints),
  ...Object.values(auditEndpoints),
  ...Object.values(clusterEndpoints),
  ...Object.values(registryEndpoints),
  ...Object.values(applicationEndpoints),
  ...Object.values(serviceJobEndpoints),
  ...Object.values(adoptionEndpoints),
  ...Object.values(templateEndpoints),
  ...Object.values(installationEndpoints),
  ...Object.values(loadBalancerEndpoints),
  ...Object.values(releaseEndpoints),
  ...Object.values(autoscalingEndpoints),
  ...Object.values(metricEndpoints),
  ...Object.values(metricsFederationEndpoints),
  ...Object.values(logEndpoints),
  ...Object.values(logSinkEndpoints),
  ...Object.values(alertEndpoints),
  ...Object.values(notificationChannelEndpoints),
] as Endpoint[];
