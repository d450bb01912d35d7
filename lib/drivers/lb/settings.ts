/**
 * Settings and credentials of each load-balancer driver: zod schemas for API validation and the
 * field list (labels, help) the console's form is built from. Browser-safe on purpose — no SDK
 * imports here; the drivers themselves live in lib/drivers/lb/<kind>/ and parse with these schemas.
 */
import { z } from "zod";
import type { LbDriverKind } from "./types";

/** Forms send "" for an untouched optional field; treat it as unset. */
const optional = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), inner.optional());

const endpointSchema = z
  .string()
  .trim()
  .url("must be a URL such as https://slb.aliyuncs.com")
  .refine((v) => /^https?:\/\//.test(v), "must be an http(s) URL")
  .refine((v) => !new URL(v).username && !new URL(v).password, "must not contain a user name or password");

// ── Alibaba Cloud SLB (classic Server Load Balancer) ──

export const aliyunSlbSettingsSchema = z.object({
  regionId: z
    .string()
    .trim()
    .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, "must be a region id such as cn-hangzhou"),
  loadBalancerId: z
    .string()
    .trim()
    .regex(/^lb-[a-z0-9]{6,}$/, "must be an SLB instance id such as lb-bp1o94dp5i6ea****"),
  endpoint: optional(endpointSchema),
});
export type AliyunSlbSettings = z.infer<typeof aliyunSlbSettingsSchema>;

export const aliyunSlbCredentialsSchema = z.object({
  accessKeyId: z.string().trim().min(1, "is required"),
  accessKeySecret: z.string().min(1, "is required"),
});
export type AliyunSlbCredentials = z.infer<typeof aliyunSlbCredentialsSchema>;

// ── AWS Elastic Load Balancing v2 (ALB / NLB) ──

const ARN = /^arn:aws(?:-cn|-us-gov)?:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/(app|net)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+$/;

export const awsElbv2SettingsSchema = z
  .object({
    region: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be a region such as eu-west-1"),
    loadBalancerArn: z.string().trim().regex(ARN, "must be the ARN of an Application or Network Load Balancer"),
    vpcId: z
      .string()
      .trim()
      .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id such as vpc-0a1b2c3d"),
    endpoint: optional(endpointSchema),
  })
  .superRefine((s, ctx) => {
    const arnRegion = ARN.exec(s.loadBalancerArn)?.[1];
    if (arnRegion && arnRegion !== s.region)
      ctx.addIssue({ code: "custom", path: ["loadBalancerArn"], message: `is in ${arnRegion}, not in ${s.region}` });
  });
export type AwsElbv2Settings = z.infer<typeof awsElbv2SettingsSchema>;

export const awsElbv2CredentialsSchema = z.object({
  accessKeyId: z.string().trim().min(1, "is required"),
  secretAccessKey: z.string().min(1, "is required"),
  sessionToken: optional(z.string().min(1)),
});
export type AwsElbv2Credentials = z.infer<typeof awsElbv2CredentialsSchema>;

// ── HAProxy (on-premises; the agent runs it on nodes labelled wharf.lb=true) ──

/** Forms send numbers as text; "" means the default. */
const portSetting = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z.number().int("must be a whole number").min(1, "must be 1-65535").max(65_535, "must be 1-65535").default(fallback),
  );

/** Where the agent's HAProxy listens on every node labelled wharf.lb=true; no credentials. */
export const haproxySettingsSchema = z
  .object({
    bindAddress: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() || undefined : v),
      z.union([z.ipv4(), z.ipv6()], "must be an IP address such as 0.0.0.0 (every address of the node)").default("0.0.0.0"),
    ),
    httpPort: portSetting(80),
    httpsPort: portSetting(443),
  })
  .refine((s) => s.httpPort !== s.httpsPort, { path: ["httpsPort"], message: "must differ from the HTTP port" });
export type HaproxySettings = z.infer<typeof haproxySettingsSchema>;
export const haproxyCredentialsSchema = z.null();

// ── Form descriptions ──

export type LbFieldSpec = {
  name: string;
  label: string;
  help: string;
  placeholder?: string;
  optional?: boolean;
  /** Secrets: write-only inputs, encrypted at rest, never returned by the API. */
  secret?: boolean;
};

export type LbDriverSpec = {
  kind: LbDriverKind;
  label: string;
  description: string;
  settingsSchema: z.ZodType<Record<string, unknown>>;
  /** null: the driver takes no credentials. */
  credentialsSchema: z.ZodType<Record<string, string | undefined>> | null;
  settings: LbFieldSpec[];
  credentials: LbFieldSpec[];
};

export const LB_DRIVER_SPECS: Record<LbDriverKind, LbDriverSpec> = {
  haproxy: {
    kind: "haproxy",
    label: "HAProxy (on-premises)",
    description: "HAProxy on the cluster's nodes labelled wharf.lb=true, driven by the Wharf agent.",
    settingsSchema: haproxySettingsSchema,
    credentialsSchema: null,
    settings: [
      {
        name: "bindAddress",
        label: "Listen address",
        placeholder: "0.0.0.0",
        optional: true,
        help: "The address HAProxy listens on, on every node labelled wharf.lb=true. Leave empty for every address of the node (0.0.0.0).",
      },
      {
        name: "httpPort",
        label: "HTTP routing port",
        placeholder: "80",
        optional: true,
        help: "Where HTTP virtual hosts (routing labels) are served when this load balancer does the cluster's routing. Default 80.",
      },
      {
        name: "httpsPort",
        label: "HTTPS routing port",
        placeholder: "443",
        optional: true,
        help: "Where HTTPS virtual hosts are served, with the cluster's uploaded certificates (chosen by SNI). Default 443.",
      },
    ],
    credentials: [],
  },
  "aliyun-slb": {
    kind: "aliyun-slb",
    label: "Alibaba Cloud SLB",
    description:
      "An existing classic Server Load Balancer instance. Wharf adds listeners and VServer groups named wharf-… to it and leaves everything else alone.",
    settingsSchema: aliyunSlbSettingsSchema,
    credentialsSchema: aliyunSlbCredentialsSchema,
    settings: [
      { name: "regionId", label: "Region", placeholder: "cn-hangzhou", help: "The region of the SLB instance." },
      {
        name: "loadBalancerId",
        label: "SLB instance id",
        placeholder: "lb-bp1o94dp5i6ea****",
        help: "The instance Wharf manages listeners on (SLB console → Instances).",
      },
      {
        name: "endpoint",
        label: "API endpoint",
        placeholder: "https://slb.aliyuncs.com",
        optional: true,
        help: "Leave empty for https://slb.aliyuncs.com. Other endpoints must be public addresses unless the installation allows them (OUTBOUND_ALLOW_CIDRS).",
      },
    ],
    credentials: [
      {
        name: "accessKeyId",
        label: "AccessKey ID",
        help: "A RAM user's AccessKey with the SLB permissions listed in the README (AliyunSLBFullAccess or narrower).",
      },
      { name: "accessKeySecret", label: "AccessKey secret", secret: true, help: "Stored encrypted; never shown again." },
    ],
  },
  "aws-elbv2": {
    kind: "aws-elbv2",
    label: "AWS Elastic Load Balancing (ALB/NLB)",
    description:
      "An existing Application or Network Load Balancer. Wharf adds listeners and target groups tagged wharf:managed to it and leaves everything else alone.",
    settingsSchema: awsElbv2SettingsSchema,
    credentialsSchema: awsElbv2CredentialsSchema,
    settings: [
      { name: "region", label: "Region", placeholder: "eu-west-1", help: "The region of the load balancer." },
      {
        name: "loadBalancerArn",
        label: "Load balancer ARN",
        placeholder: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
        help: "An ALB for http/https listeners, an NLB for tcp/udp listeners.",
      },
      {
        name: "vpcId",
        label: "VPC id",
        placeholder: "vpc-0a1b2c3d",
        help: "The VPC the target groups are created in; the nodes' addresses must be reachable in it.",
      },
      {
        name: "endpoint",
        label: "API endpoint",
        placeholder: "https://elasticloadbalancing.eu-west-1.amazonaws.com",
        optional: true,
        help: "Leave empty for the region's endpoint. Other endpoints must be public addresses unless the installation allows them (OUTBOUND_ALLOW_CIDRS).",
      },
    ],
    credentials: [
      {
        name: "accessKeyId",
        label: "Access key id",
        help: "An IAM user's or role's key with the elasticloadbalancing permissions listed in the README.",
      },
      { name: "secretAccessKey", label: "Secret access key", secret: true, help: "Stored encrypted; never shown again." },
      {
        name: "sessionToken",
        label: "Session token",
        secret: true,
        optional: true,
        help: "Only for temporary credentials (STS); they expire, so prefer a long-lived key for Wharf.",
      },
    ],
  },
};
