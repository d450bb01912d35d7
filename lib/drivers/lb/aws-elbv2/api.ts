/**
 * The thin adapter between the ELBv2 driver and the official AWS SDK v3 client
 * (@aws-sdk/client-elastic-load-balancing-v2: Query protocol, form-encoded POSTs signed with SigV4,
 * XML answers). Static credentials from the load balancer's record only — never the machine's own
 * AWS environment or instance role. A client lives for one driver call and is destroyed after it.
 */
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { checkEndpoint, type EndpointPolicyOptions } from "../endpoint";
import { invalidLbConfig, lbApiError } from "../errors";
import { awsElbv2CredentialsSchema, awsElbv2SettingsSchema, type AwsElbv2Settings } from "../settings";
import type { LbHandle } from "../types";
import { elbKind, type ElbKind } from "./model";

/** elasticloadbalancing.<region>.amazonaws.com(.cn), FIPS variants included. */
const isOfficial = (u: URL) =>
  u.protocol === "https:" && /^elasticloadbalancing(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(u.hostname);

export type ElbApiOptions = EndpointPolicyOptions & { timeoutMs?: number; maxAttempts?: number };

export type ElbApi = {
  settings: AwsElbv2Settings;
  kind: ElbKind;
  /** One SDK call; failures become AppError UPSTREAM_FAILED naming `operation` and `target`. */
  run<T>(operation: string, target: string, fn: (client: ElasticLoadBalancingV2Client) => Promise<T>): Promise<T>;
};

type SdkError = Error & { Code?: string; code?: string; RequestId?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };

function wrap(error: unknown, operation: string, target: string) {
  const e = error as SdkError;
  return lbApiError({
    driver: "aws-elbv2",
    operation,
    target,
    providerCode: e.Code ?? e.code ?? e.name.replace(/Exception$/, ""),
    providerMessage: e.message,
    httpStatus: e.$metadata?.httpStatusCode,
    requestId: e.$metadata?.requestId ?? e.RequestId,
  });
}

/** Opens a client for one load balancer, runs `body`, and destroys the client whatever happens. */
export async function withElbApi<T>(lb: LbHandle, o: ElbApiOptions, body: (api: ElbApi) => Promise<T>): Promise<T> {
  const settings = awsElbv2SettingsSchema.safeParse(lb.settings);
  if (!settings.success) throw invalidLbConfig("aws-elbv2", "settings", settings.error.issues);
  const credentials = awsElbv2CredentialsSchema.safeParse(lb.credentials ?? {});
  if (!credentials.success) throw invalidLbConfig("aws-elbv2", "credentials", credentials.error.issues);
  const endpoint = settings.data.endpoint ? await checkEndpoint("aws-elbv2", settings.data.endpoint, isOfficial, o) : null;
  const client = new ElasticLoadBalancingV2Client({
    region: settings.data.region,
    credentials: {
      accessKeyId: credentials.data.accessKeyId,
      secretAccessKey: credentials.data.secretAccessKey,
      sessionToken: credentials.data.sessionToken,
    },
    maxAttempts: o.maxAttempts ?? 3,
    ...(endpoint ? { endpoint: endpoint.url } : {}),
    requestHandler: {
      requestTimeout: o.timeoutMs ?? 15_000,
      connectionTimeout: 5_000,
      ...(endpoint?.httpAgent ? { httpAgent: endpoint.httpAgent, httpsAgent: endpoint.httpsAgent } : {}),
    },
  });
  const api: ElbApi = {
    settings: settings.data,
    kind: elbKind(settings.data.loadBalancerArn),
    run: async (operation, target, fn) => {
      try {
        return await fn(client);
      } catch (error) {
        throw wrap(error, operation, target);
      }
    },
  };
  try {
    return await body(api);
  } finally {
    client.destroy();
  }
}
