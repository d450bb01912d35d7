/**
 * LOCAL STAND-IN — NOT ALIBABA CLOUD. Alibaba Cloud cannot be reached from the test machines, so the
 * aliyun-slb driver's tests talk to this small HTTP server on 127.0.0.1 instead of
 * https://slb.aliyuncs.com. It implements exactly the SLB operations the driver calls
 * (aliyun-slb-ops.ts) with the real RPC wire format:
 *  - GET query or POST form parameters: Action, Version=2014-05-15, Format=JSON, RegionId…;
 *  - the signature parameters (AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0,
 *    SignatureNonce, Timestamp, Signature) are required, and the signature is VERIFIED with the
 *    stand-in's secret (HMAC-SHA1 over "METHOD&%2F&<percent-encoded sorted parameters>", key
 *    "<secret>&"), so a test proves the driver signs with the credentials it was given; nonces may
 *    not repeat and timestamps must be within 15 minutes, as on the real service;
 *  - JSON answers, errors as HTTP 4xx with {RequestId, HostId, Code, Message, Recommend}.
 * Every call is recorded (operation + parameters) for the tests' assertions.
 */
import { createHmac } from "node:crypto";
import {
  countMutations,
  requestId,
  startStandinServer,
  type RecordedCall,
  type StandinRequest,
  type StandinResponse,
} from "./http-standin";
import { healthKey, OPERATIONS, SlbFault, type SlbHealth, type SlbInstance, type SlbState } from "./aliyun-slb-ops";

export type AliyunSlbStandinOptions = {
  accessKeyId?: string;
  accessKeySecret?: string;
  regionId?: string;
  loadBalancerId?: string;
  /** ECS instances (id → private IP) that exist and may be backends. */
  instances?: Record<string, string>;
};

export type AliyunSlbStandin = {
  /** Label for test names and messages. */
  readonly label: "aliyun-slb LOCAL STAND-IN";
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  regionId: string;
  loadBalancerId: string;
  state: SlbState;
  calls: RecordedCall[];
  /** Successful state-changing calls so far. */
  mutations(): number;
  callsOf(operation: string): RecordedCall[];
  /** The next call of `operation` fails once with this error (e.g. ServiceIsConfiguring). */
  failNext(operation: string, code: string, message: string, status?: number): void;
  setHealth(serverId: string, port: number, health: SlbHealth): void;
  instance(): SlbInstance;
  close(): Promise<void>;
};

/** Alibaba's percent-encoding for signatures: encodeURIComponent plus ! ' ( ) * */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function slbSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k] ?? "")}`)
    .join("&");
  return createHmac("sha1", `${secret}&`)
    .update(`${method}&${encode("/")}&${encode(canonical)}`)
    .digest("base64");
}

const SIGNATURE_PARAMS = new Set([
  "Signature",
  "SignatureNonce",
  "SignatureMethod",
  "SignatureVersion",
  "Timestamp",
  "AccessKeyId",
  "Format",
  "Version",
  "Action",
]);

export async function startAliyunSlbStandin(o: AliyunSlbStandinOptions = {}): Promise<AliyunSlbStandin> {
  const accessKeyId = o.accessKeyId ?? "LTAIstandinKeyId0001";
  const accessKeySecret = o.accessKeySecret ?? "standin-secret-for-tests-only";
  const regionId = o.regionId ?? "cn-hangzhou";
  const loadBalancerId = o.loadBalancerId ?? "lb-standin0000000001";
  const state: SlbState = {
    loadBalancers: new Map([
      [loadBalancerId, { id: loadBalancerId, name: "standin-slb", regionId, address: "172.16.0.100", listeners: new Map() }],
    ]),
    groups: new Map(),
    instances: new Map(Object.entries(o.instances ?? {})),
    health: new Map(),
  };
  const calls: RecordedCall[] = [];
  const nonces = new Set<string>();
  const faults = new Map<string, { code: string; message: string; status: number }>();

  const fail = (status: number, code: string, message: string, host: string): StandinResponse => ({
    status,
    contentType: "application/json;charset=utf-8",
    body: JSON.stringify({
      RequestId: requestId(),
      HostId: host,
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${code}`,
    }),
  });

  function authenticate(req: StandinRequest, params: Record<string, string>): void {
    for (const name of ["AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"]) {
      if (!params[name])
        throw new SlbFault(
          400,
          "MissingParameter",
          `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        );
    }
    if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0")
      throw new SlbFault(400, "InvalidParameter.SignatureMethod", "Only HMAC-SHA1 signature version 1.0 is supported.");
    if (params.AccessKeyId !== accessKeyId) throw new SlbFault(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    if (slbSignature(req.method, params, accessKeySecret) !== params.Signature) {
      throw new SlbFault(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
    }
    const at = Date.parse(params.Timestamp ?? "");
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 15 * 60_000)
      throw new SlbFault(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    if (nonces.has(params.SignatureNonce ?? ""))
      throw new SlbFault(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    nonces.add(params.SignatureNonce ?? "");
  }

  function handle(req: StandinRequest): StandinResponse {
    const host = String(req.headers.host ?? "slb.aliyuncs.com");
    const url = new URL(req.url, "http://standin");
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === "POST") Object.assign(params, Object.fromEntries(new URLSearchParams(req.body)));
    const operation = params.Action ?? "";
    const recorded = Object.fromEntries(Object.entries(params).filter(([k]) => !SIGNATURE_PARAMS.has(k)));
    try {
      authenticate(req, params);
      if (params.Version !== "2014-05-15")
        throw new SlbFault(400, "InvalidVersion", `Specified parameter Version is not valid (${params.Version ?? "missing"}).`);
      if (params.Format && params.Format !== "JSON") throw new SlbFault(400, "InvalidParameter.Format", "This stand-in answers JSON only.");
      const op = OPERATIONS[operation];
      if (!op)
        throw new SlbFault(404, "InvalidAction.NotFound", `Specified api ${operation} is not found, please check your url and method.`);
      const fault = faults.get(operation);
      if (fault) {
        faults.delete(operation);
        throw new SlbFault(fault.status, fault.code, fault.message);
      }
      const result = op(state, params);
      calls.push({ operation, params: recorded, ok: true });
      return { status: 200, contentType: "application/json;charset=utf-8", body: JSON.stringify({ RequestId: requestId(), ...result }) };
    } catch (error) {
      if (!(error instanceof SlbFault)) throw error;
      calls.push({ operation, params: recorded, ok: false, errorCode: error.code });
      return fail(error.status, error.code, error.message, host);
    }
  }

  const server = await startStandinServer(handle);
  return {
    label: "aliyun-slb LOCAL STAND-IN",
    endpoint: server.url,
    accessKeyId,
    accessKeySecret,
    regionId,
    loadBalancerId,
    state,
    calls,
    mutations: () => countMutations(calls),
    callsOf: (operation) => calls.filter((c) => c.operation === operation),
    failNext: (operation, code, message, status = 400) => void faults.set(operation, { code, message, status }),
    setHealth: (serverId, port, health) => void state.health.set(healthKey({ ServerId: serverId, Port: port }), health),
    instance: () => state.loadBalancers.get(loadBalancerId) as SlbInstance,
    close: () => server.close(),
  };
}
