/**
 * LOCAL STAND-IN — NOT AWS. AWS cannot be reached from the test machines, so the aws-elbv2
 * driver's tests talk to this small HTTP server on 127.0.0.1 instead of
 * https://elasticloadbalancing.<region>.amazonaws.com. It implements exactly the ELBv2 operations
 * the driver calls (aws-elbv2-ops.ts) with the real AWS Query wire format (aws-elbv2-wire.ts):
 * form-encoded POST `Action=…&Version=2015-12-01`, XML answers, `<ErrorResponse>` errors with the
 * x-amzn-RequestId header, and Signature Version 4 VERIFIED against the stand-in's secret (scope
 * <region>/elasticloadbalancing), so a test proves the driver signs with the credentials it was
 * given. Every call is recorded (operation + parameters) for the tests' assertions.
 */
import {
  countMutations,
  fakeId,
  requestId,
  startStandinServer,
  type RecordedCall,
  type StandinRequest,
  type StandinResponse,
} from "./http-standin";
import {
  createListener,
  createTargetGroup,
  deleteTargetGroup,
  groupOf,
  groupXml,
  lbOf,
  list,
  listenerOf,
  listenerXml,
  modifyListener,
  modifyTargetGroupAttributes,
  need,
  registerTargets,
  str,
  type ElbLoadBalancer,
  type ElbState,
} from "./aws-elbv2-ops";
import { AwsFault, parseQuery, verifySigV4, xmlError, xmlResult, type QueryValue, type XmlValue } from "./aws-elbv2-wire";

export type AwsElbv2StandinOptions = {
  accessKeyId?: string;
  secretAccessKey?: string;
  /** When set, requests must carry it as x-amz-security-token (temporary credentials). */
  sessionToken?: string;
  region?: string;
  vpcId?: string;
  /** Listeners per DescribeListeners page (default 2, so paging is exercised). */
  pageSize?: number;
};

export type AwsElbv2Standin = {
  readonly label: "aws-elbv2 LOCAL STAND-IN";
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  vpcId: string;
  /** An Application Load Balancer (http/https listeners) and a Network Load Balancer (tcp/udp). */
  albArn: string;
  nlbArn: string;
  state: ElbState;
  calls: RecordedCall[];
  mutations(): number;
  callsOf(operation: string): RecordedCall[];
  /** Lets the deregistration delay pass: draining targets disappear. */
  completeDraining(): void;
  setTargetHealth(address: string, port: number, state: string): void;
  failNext(operation: string, code: string, message: string, status?: number): void;
  close(): Promise<void>;
};

type Q = Record<string, QueryValue>;

/** The flat wire parameters, for assertions ("DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight": "200"). */
const flat = (body: string) => Object.fromEntries([...new URLSearchParams(body)].filter(([k]) => k !== "Action" && k !== "Version"));

function describeOps(s: ElbState): Record<string, (q: Q) => Record<string, XmlValue>> {
  return {
    DescribeLoadBalancers: (q) => ({
      LoadBalancers: list(q.LoadBalancerArns).map((a) => {
        const lb = lbOf(s, String(a));
        return {
          LoadBalancerArn: lb.arn,
          LoadBalancerName: lb.name,
          DNSName: lb.dns,
          Type: lb.type,
          Scheme: "internet-facing",
          VpcId: lb.vpcId,
          State: { Code: "active" },
          IpAddressType: "ipv4",
        };
      }),
    }),
    DescribeListeners: (q) => {
      const arns = list(q.ListenerArns).map(String);
      const lbArn = str(q.LoadBalancerArn);
      if (lbArn) lbOf(s, lbArn);
      const all = arns.length ? arns.map((a) => listenerOf(s, a)) : [...s.listeners.values()].filter((l) => l.lbArn === lbArn);
      const size = Math.min(Number(str(q.PageSize) ?? s.pageSize), s.pageSize);
      const start = Number(str(q.Marker) ?? 0);
      const page = all.slice(start, start + size);
      return { Listeners: page.map(listenerXml), ...(start + size < all.length ? { NextMarker: String(start + size) } : {}) };
    },
    DescribeTags: (q) => {
      const arns = list(q.ResourceArns).map(String);
      if (!arns.length || arns.length > 20) throw new AwsFault(400, "ValidationError", "ResourceArns must name 1 to 20 resources");
      return {
        TagDescriptions: arns.map((arn) => {
          if (!s.tags.has(arn) && !s.listeners.has(arn) && !s.groups.has(arn) && !s.loadBalancers.has(arn))
            throw new AwsFault(400, "ListenerNotFound", `Resource '${arn}' not found`);
          return { ResourceArn: arn, Tags: [...(s.tags.get(arn) ?? new Map<string, string>())].map(([Key, Value]) => ({ Key, Value })) };
        }),
      };
    },
    DescribeTargetGroups: (q) => {
      const names = list(q.Names).map(String);
      const arns = list(q.TargetGroupArns).map(String);
      const lbArn = str(q.LoadBalancerArn);
      let groups = [...s.groups.values()];
      if (names.length) {
        for (const n of names)
          if (!groups.some((g) => g.name === n))
            throw new AwsFault(400, "TargetGroupNotFound", `One or more target groups not found: '${n}'`);
        groups = groups.filter((g) => names.includes(g.name));
      } else if (arns.length) groups = arns.map((a) => groupOf(s, a));
      else if (lbArn)
        groups = groups.filter((g) =>
          [...s.listeners.values()].some((l) => l.lbArn === lbArn && l.forward.TargetGroups.some((t) => t.TargetGroupArn === g.arn)),
        );
      return { TargetGroups: groups.map((g) => groupXml(s, g)) };
    },
    DescribeTargetHealth: (q) => {
      const g = groupOf(s, need(q, "TargetGroupArn"));
      return {
        TargetHealthDescriptions: [...g.targets.values()].map((t) => ({
          Target: { Id: t.id, Port: t.port },
          HealthCheckPort: String(t.port),
          TargetHealth: {
            State: t.state,
            ...(t.state === "draining"
              ? { Reason: "Target.DeregistrationInProgress", Description: "Target deregistration is in progress" }
              : {}),
          },
        })),
      };
    },
  };
}

export async function startAwsElbv2Standin(o: AwsElbv2StandinOptions = {}): Promise<AwsElbv2Standin> {
  const accessKeyId = o.accessKeyId ?? "AKIASTANDIN000000001";
  const secretAccessKey = o.secretAccessKey ?? "standin/secret/for/tests/only";
  const region = o.region ?? "eu-west-1";
  const vpcId = o.vpcId ?? "vpc-0a1b2c3d4e5f60718";
  const account = "123456789012";
  const lb = (type: "app" | "net", name: string): ElbLoadBalancer => ({
    arn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${type}/${name}/${fakeId("", 16).replace(/[^0-9a-f]/g, "a")}`,
    name,
    type: type === "app" ? "application" : "network",
    vpcId,
    dns: `${name}-1234567890.${region}.elb.amazonaws.com`,
  });
  const alb = lb("app", "standin-alb");
  const nlb = lb("net", "standin-nlb");
  const state: ElbState = {
    account,
    region,
    vpcPrefix: "10.0.",
    loadBalancers: new Map([alb, nlb].map((x) => [x.arn, x])),
    listeners: new Map(),
    groups: new Map(),
    tags: new Map(),
    pageSize: o.pageSize ?? 2,
  };
  const calls: RecordedCall[] = [];
  const faults = new Map<string, AwsFault>();
  const ops: Record<string, (q: Q) => Record<string, XmlValue>> = {
    ...describeOps(state),
    CreateListener: (q) => createListener(state, q),
    ModifyListener: (q) => modifyListener(state, q),
    DeleteListener: (q) => {
      const l = listenerOf(state, need(q, "ListenerArn"));
      state.listeners.delete(l.arn);
      state.tags.delete(l.arn);
      return {};
    },
    CreateTargetGroup: (q) => createTargetGroup(state, q),
    ModifyTargetGroupAttributes: (q) => modifyTargetGroupAttributes(state, q),
    DeleteTargetGroup: (q) => deleteTargetGroup(state, q),
    RegisterTargets: (q) => registerTargets(state, q, true),
    DeregisterTargets: (q) => registerTargets(state, q, false),
  };

  function handle(req: StandinRequest): StandinResponse {
    const id = requestId();
    const q = parseQuery(req.body);
    const operation = str(q.Action) ?? "";
    const params = flat(req.body);
    const reply = (status: number, body: string): StandinResponse => ({
      status,
      contentType: "text/xml",
      body,
      headers: { "x-amzn-RequestId": id },
    });
    try {
      if (req.method !== "POST" || !String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
        throw new AwsFault(400, "InvalidAction", "Only form-encoded POST requests are supported");
      verifySigV4(req.method, new URL(req.url, "http://standin").pathname, req.headers, req.body, {
        accessKeyId,
        secretAccessKey,
        sessionToken: o.sessionToken,
        region,
        service: "elasticloadbalancing",
      });
      if (str(q.Version) !== "2015-12-01")
        throw new AwsFault(
          400,
          "InvalidAction",
          `Could not find operation ${operation} for version ${str(q.Version) ?? "NO_VERSION_SPECIFIED"}`,
        );
      const op = ops[operation];
      if (!op) throw new AwsFault(400, "InvalidAction", `Could not find operation ${operation} for version 2015-12-01`);
      const fault = faults.get(operation);
      if (fault) {
        faults.delete(operation);
        throw fault;
      }
      const result = op(q);
      calls.push({ operation, params, ok: true });
      return reply(200, xmlResult(operation, result, id));
    } catch (error) {
      if (!(error instanceof AwsFault)) throw error;
      calls.push({ operation, params, ok: false, errorCode: error.code });
      return reply(error.status, xmlError(error, id));
    }
  }

  const server = await startStandinServer(handle);
  return {
    label: "aws-elbv2 LOCAL STAND-IN",
    endpoint: server.url,
    accessKeyId,
    secretAccessKey,
    region,
    vpcId,
    albArn: alb.arn,
    nlbArn: nlb.arn,
    state,
    calls,
    mutations: () => countMutations(calls),
    callsOf: (operation) => calls.filter((c) => c.operation === operation),
    completeDraining: () => {
      for (const g of state.groups.values()) for (const [k, t] of g.targets) if (t.state === "draining") g.targets.delete(k);
    },
    setTargetHealth: (address, port, health) => {
      for (const g of state.groups.values()) {
        const t = g.targets.get(`${address}:${port}`);
        if (t) t.state = health;
      }
    },
    failNext: (operation, code, message, status = 400) => void faults.set(operation, new AwsFault(status, code, message)),
    close: () => server.close(),
  };
}
