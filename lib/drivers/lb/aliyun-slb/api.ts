/**
 * The thin adapter between the SLB driver and Alibaba Cloud's official SDK core
 * (@alicloud/pop-core; the generated @alicloud/slb20140515 client is not in the npm registry this
 * project installs from). RPC style: every call is a signed POST of form parameters (Action,
 * Version 2014-05-15, HMAC-SHA1 signature), answered with JSON or `{Code, Message, RequestId}`.
 * POST keeps the parameters (and the signature) out of URLs, which the SDK puts into its error texts.
 */
import https from "node:https";
import RPCClient from "@alicloud/pop-core";
import { checkEndpoint, type EndpointPolicyOptions } from "../endpoint";
import { invalidLbConfig, lbApiError } from "../errors";
import { aliyunSlbCredentialsSchema, aliyunSlbSettingsSchema, type AliyunSlbSettings } from "../settings";
import type { LbHandle } from "../types";

export const SLB_API_VERSION = "2014-05-15";
export const SLB_DEFAULT_ENDPOINT = "https://slb.aliyuncs.com";

/** slb.aliyuncs.com, slb.<region>.aliyuncs.com and the VPC endpoints slb-vpc.<region>.aliyuncs.com. */
const isOfficial = (u: URL) => u.protocol === "https:" && /^slb(-vpc)?(\.[a-z0-9-]+)?\.aliyuncs\.com$/.test(u.hostname);

/** SLB answers these while it applies an earlier change, or when throttling; worth a short retry. */
const TRANSIENT =
  /^(ServiceIsConfiguring|BackendServer\.configuring|Throttling.*|ServiceUnavailable|SystemBusy|OperationFailed\.SystemBusy|InternalError)$/;

export type SlbApiOptions = EndpointPolicyOptions & {
  /** Delay before retrying a transient error; doubled each time (3 attempts). Default 500 ms. */
  retryDelayMs?: number;
  timeoutMs?: number;
};

export type SlbParams = Record<string, string | number | boolean | undefined>;

export type SlbApi = {
  settings: AliyunSlbSettings;
  /** One API call; failures become AppError UPSTREAM_FAILED naming the action and `target`. */
  call<T = Record<string, unknown>>(action: string, params: SlbParams, target: string): Promise<T>;
};

const sharedAgent = new https.Agent({ keepAlive: true });

type PopError = Error & {
  code?: string;
  data?: { Code?: string; Message?: string; RequestId?: string };
  entry?: { response?: { statusCode?: number } };
};

export async function openSlbApi(lb: LbHandle, o: SlbApiOptions = {}): Promise<SlbApi> {
  const settings = aliyunSlbSettingsSchema.safeParse(lb.settings);
  if (!settings.success) throw invalidLbConfig("aliyun-slb", "settings", settings.error.issues);
  const credentials = aliyunSlbCredentialsSchema.safeParse(lb.credentials ?? {});
  if (!credentials.success) throw invalidLbConfig("aliyun-slb", "credentials", credentials.error.issues);
  const endpoint = await checkEndpoint("aliyun-slb", settings.data.endpoint ?? SLB_DEFAULT_ENDPOINT, isOfficial, o);
  const agent = endpoint.url.startsWith("https:") ? (endpoint.httpsAgent ?? sharedAgent) : endpoint.httpAgent;
  const client = new RPCClient({
    endpoint: endpoint.url,
    apiVersion: SLB_API_VERSION,
    accessKeyId: credentials.data.accessKeyId,
    accessKeySecret: credentials.data.accessKeySecret,
  });
  const retryDelayMs = o.retryDelayMs ?? 500;
  const timeout = o.timeoutMs ?? 15_000;

  async function call<T>(action: string, params: SlbParams, target: string): Promise<T> {
    const clean: Record<string, string | number | boolean> = { RegionId: settings.data!.regionId };
    // pop-core would send an undefined value as the text "undefined"
    for (const [k, v] of Object.entries(params)) if (v !== undefined) clean[k] = v;
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.request<T>(action, clean, { method: "POST", timeout, agent, formatParams: false });
      } catch (error) {
        const e = error as PopError;
        const code = e.data?.Code ?? e.code ?? (error instanceof SyntaxError ? "InvalidResponse" : e.name);
        if (attempt < 3 && TRANSIENT.test(code)) {
          await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
          continue;
        }
        throw lbApiError({
          driver: "aliyun-slb",
          operation: action,
          target,
          providerCode: code,
          // the SDK's own message ends with the request URL; the body's Message does not
          providerMessage:
            e.data?.Message ?? (error instanceof SyntaxError ? "the answer is not JSON" : e.message.replace(/, URL: \S+$/, "")),
          httpStatus: e.entry?.response?.statusCode,
          requestId: e.data?.RequestId,
        });
      }
    }
  }
  return { settings: settings.data, call };
}
