import { describe, expect, it } from "vitest";
import {
  aliyunSlbSettingsSchema,
  awsElbv2CredentialsSchema,
  awsElbv2SettingsSchema,
  haproxySettingsSchema,
  LB_DRIVER_SPECS,
} from "./settings";

describe("load-balancer driver settings", () => {
  it("SLB: region and instance id required; an empty endpoint counts as unset", () => {
    expect(aliyunSlbSettingsSchema.parse({ regionId: "cn-hangzhou", loadBalancerId: "lb-bp1o94dp5i6ea", endpoint: "" })).toEqual({
      regionId: "cn-hangzhou",
      loadBalancerId: "lb-bp1o94dp5i6ea",
    });
    expect(aliyunSlbSettingsSchema.safeParse({ regionId: "cn-hangzhou", loadBalancerId: "bp1" }).success).toBe(false);
    expect(
      aliyunSlbSettingsSchema.safeParse({ regionId: "cn-hangzhou", loadBalancerId: "lb-bp1o94dp5i6ea", endpoint: "ftp://x" }).success,
    ).toBe(false);
    expect(
      aliyunSlbSettingsSchema.safeParse({ regionId: "cn-hangzhou", loadBalancerId: "lb-bp1o94dp5i6ea", endpoint: "https://u:p@x.example" })
        .success,
    ).toBe(false);
  });
  it("ELBv2: the ARN must be a load balancer ARN in the configured region", () => {
    const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    expect(awsElbv2SettingsSchema.safeParse({ region: "eu-west-1", loadBalancerArn: arn, vpcId: "vpc-0a1b2c3d" }).success).toBe(true);
    const wrongRegion = awsElbv2SettingsSchema.safeParse({ region: "us-east-1", loadBalancerArn: arn, vpcId: "vpc-0a1b2c3d" });
    expect(wrongRegion.success).toBe(false);
    expect(wrongRegion.error?.issues[0]?.message).toMatch(/eu-west-1/);
    expect(
      awsElbv2SettingsSchema.safeParse({
        region: "eu-west-1",
        loadBalancerArn: arn.replace("loadbalancer/app", "targetgroup"),
        vpcId: "vpc-0a1b2c3d",
      }).success,
    ).toBe(false);
    expect(awsElbv2CredentialsSchema.parse({ accessKeyId: "AKIA", secretAccessKey: "s", sessionToken: "" })).toEqual({
      accessKeyId: "AKIA",
      secretAccessKey: "s",
    });
  });
  it("HAProxy: listen address and routing ports, with defaults for empty form fields", () => {
    expect(haproxySettingsSchema.parse({})).toEqual({ bindAddress: "0.0.0.0", httpPort: 80, httpsPort: 443 });
    expect(haproxySettingsSchema.parse({ bindAddress: "", httpPort: "8080", httpsPort: " " })).toEqual({
      bindAddress: "0.0.0.0",
      httpPort: 8080,
      httpsPort: 443,
    });
    expect(haproxySettingsSchema.parse({ bindAddress: "::", httpPort: 80, httpsPort: 8443 })).toEqual({
      bindAddress: "::",
      httpPort: 80,
      httpsPort: 8443,
    });
    expect(haproxySettingsSchema.safeParse({ bindAddress: "example.com" }).success).toBe(false);
    expect(haproxySettingsSchema.safeParse({ httpPort: "eighty" }).success).toBe(false);
    expect(haproxySettingsSchema.safeParse({ httpPort: 70_000 }).success).toBe(false);
    expect(haproxySettingsSchema.safeParse({ httpPort: 443 }).error?.issues[0]?.path).toEqual(["httpsPort"]);
    expect(LB_DRIVER_SPECS.haproxy.settings.map((f) => f.name)).toEqual(["bindAddress", "httpPort", "httpsPort"]);
  });
  it("every driver's form lists exactly its schema's fields, secrets marked", () => {
    for (const spec of Object.values(LB_DRIVER_SPECS)) {
      for (const f of spec.settings) expect(f.label && f.help).toBeTruthy();
      expect(spec.credentials.filter((f) => f.secret).every((f) => /secret|token/i.test(f.name))).toBe(true);
    }
    expect(LB_DRIVER_SPECS["aliyun-slb"].settings.map((f) => f.name)).toEqual(["regionId", "loadBalancerId", "endpoint"]);
    expect(LB_DRIVER_SPECS["aws-elbv2"].credentials.map((f) => f.name)).toEqual(["accessKeyId", "secretAccessKey", "sessionToken"]);
  });
});
