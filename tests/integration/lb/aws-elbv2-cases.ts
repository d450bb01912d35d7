/**
 * aws-elbv2 driver against the LOCAL STAND-IN of the ELBv2 API: the operations and parameters it
 * sends (one target group per pool, forward weights per pool 0..999, deregistration as drain,
 * tags as ownership, stickiness, certificates), SigV4 and the endpoint policy. Called from
 * cloud-drivers.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { ListenerKey } from "@/lib/drivers/lb/types";
import type { AwsElbv2Standin } from "@/tests/support/lb-standins/aws-elbv2-standin";
import { startAwsElbv2Standin } from "@/tests/support/lb-standins/aws-elbv2-standin";
import { elbBackend, elbDriver, elbHandle } from "./cloud-subjects";

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const HTTP: ListenerKey = { port: 8080, protocol: "http" };
const fwd = (i: number, field: "TargetGroupArn" | "Weight") => `DefaultActions.member.1.ForwardConfig.TargetGroups.member.${i}.${field}`;

export function awsElbv2Cases(): void {
  describe("aws-elbv2 driver against the LOCAL STAND-IN of the ELBv2 API: operations and parameters", () => {
    let aws: AwsElbv2Standin;
    const driver = elbDriver();
    beforeEach(async () => {
      aws = await startAwsElbv2Standin();
    });
    afterEach(() => aws.close());
    const alb = () => elbHandle(aws, aws.albArn);
    const mutating = () => aws.calls.filter((c) => c.ok && !c.operation.startsWith("Describe"));
    const groupNamed = (re: RegExp) => [...aws.state.groups.values()].find((g) => re.test(g.name));

    it("ensureListener on an ALB: a tagged ip target group for pool main, and a tagged listener forwarding to it", async () => {
      await driver.ensureListener(alb(), HTTP);
      expect(mutating().map((c) => c.operation)).toEqual(["CreateTargetGroup", "CreateListener"]);
      const [group, listener] = mutating();
      expect(group?.params).toMatchObject({
        Protocol: "HTTP",
        Port: "8080",
        VpcId: aws.vpcId,
        TargetType: "ip",
        "Matcher.HttpCode": "200-499",
        "Tags.member.1.Key": "wharf:managed",
        "Tags.member.1.Value": "true",
      });
      expect(group?.params.Name).toMatch(/^wharf-8080-main-[0-9a-f]{8}$/);
      const tg = groupNamed(/-main-/);
      expect(listener?.params).toMatchObject({
        LoadBalancerArn: aws.albArn,
        Protocol: "HTTP",
        Port: "8080",
        "DefaultActions.member.1.Type": "forward",
        [fwd(1, "TargetGroupArn")]: tg?.arn,
        "DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled": "false",
        "Tags.member.3.Key": "wharf:listener",
        "Tags.member.3.Value": "http:8080",
      });
    });

    it("weights per pool: a target group each for blue and green, forward weights 800/200, targets registered by address:port", async () => {
      await driver.ensureListener(alb(), HTTP);
      await driver.setBackends(alb(), HTTP, [elbBackend(0, "blue", 40), elbBackend(1, "blue", 40), elbBackend(2, "green", 20)]);
      const blue = groupNamed(/-blue-/);
      const green = groupNamed(/-green-/);
      const modify = aws.callsOf("ModifyListener")[0]?.params ?? {};
      const weights = Object.fromEntries([1, 2].map((i) => [modify[fwd(i, "TargetGroupArn")], modify[fwd(i, "Weight")]]));
      expect(weights).toEqual({ [blue?.arn ?? "?"]: "800", [green?.arn ?? "?"]: "200" });
      const registered = aws
        .callsOf("RegisterTargets")
        .map((c) => [
          c.params.TargetGroupArn,
          c.params["Targets.member.1.Id"],
          c.params["Targets.member.1.Port"],
          c.params["Targets.member.2.Id"],
        ]);
      expect(registered).toEqual([
        [blue?.arn, "10.0.1.10", "32000", "10.0.1.11"],
        [green?.arn, "10.0.1.12", "32002", undefined],
      ]);
      expect(aws.callsOf("DeleteTargetGroup").map((c) => c.params.TargetGroupArn)).toEqual([expect.stringContaining("wharf-8080-main-")]); // the empty main pool went
    });

    it("a pool that leaves keeps weight 0 while its targets drain (DeregisterTargets), and its group is deleted once empty", async () => {
      await driver.ensureListener(alb(), HTTP);
      await driver.setBackends(alb(), HTTP, [elbBackend(0, "blue", 50), elbBackend(2, "green", 50)]);
      const green = groupNamed(/-green-/);
      await driver.setBackends(alb(), HTTP, [elbBackend(0, "blue", 50)]);
      const last = aws.callsOf("ModifyListener").at(-1)?.params ?? {};
      expect(Object.fromEntries([1, 2].map((i) => [last[fwd(i, "TargetGroupArn")], last[fwd(i, "Weight")]]))).toMatchObject({
        [green?.arn ?? "?"]: "0",
      });
      expect(aws.callsOf("DeregisterTargets").map((c) => [c.params.TargetGroupArn, c.params["Targets.member.1.Id"]])).toEqual([
        [green?.arn, "10.0.1.12"],
      ]);
      expect((await driver.describe(alb())).listeners[0]?.backends.find((b) => b.address === "10.0.1.12")).toMatchObject({
        state: "draining",
        weight: 0,
        pool: "green",
      });
      aws.completeDraining();
      await driver.setBackends(alb(), HTTP, [elbBackend(0, "blue", 50)]);
      expect(aws.callsOf("DeleteTargetGroup").map((c) => c.params.TargetGroupArn)).toContain(green?.arn);
      expect(aws.state.groups.has(green?.arn ?? "")).toBe(false);
    });

    it("a drain is DeregisterTargets of that one target; by task id alone it is refused (ELBv2 targets carry no ids)", async () => {
      await driver.ensureListener(alb(), HTTP);
      await driver.setBackends(alb(), HTTP, [elbBackend(0, "main", 1), elbBackend(1, "main", 1)]);
      expect((await rejection(driver.drainBackend(alb(), HTTP, "task1aws")))?.code).toBe("INVALID_INPUT");
      await driver.drainBackend(alb(), HTTP, "10.0.1.11:32001");
      expect(
        aws
          .callsOf("DeregisterTargets")
          .map((c) => [c.params["Targets.member.1.Id"], c.params["Targets.member.1.Port"], c.params["Targets.member.2.Id"]]),
      ).toEqual([["10.0.1.11", "32001", undefined]]);
    });

    it("sticky http listeners: lb_cookie stickiness on the target groups and group stickiness on the forward action; https gets the certificate", async () => {
      await driver.ensureListener(alb(), { ...HTTP, stickySessions: true });
      expect(aws.callsOf("ModifyTargetGroupAttributes")[0]?.params).toMatchObject({
        "Attributes.member.1.Key": "stickiness.enabled",
        "Attributes.member.1.Value": "true",
        "Attributes.member.2.Value": "lb_cookie",
      });
      expect(aws.callsOf("CreateListener")[0]?.params).toMatchObject({
        "DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled": "true",
        "DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds": "3600",
      });
      expect((await driver.describe(alb())).listeners[0]?.stickySessions).toBe(true);
      await driver.ensureListener(alb(), { ...HTTP, stickySessions: false });
      expect(aws.callsOf("ModifyTargetGroupAttributes").at(-1)?.params["Attributes.member.1.Value"]).toBe("false");
      expect((await driver.describe(alb())).listeners[0]?.stickySessions).toBe(false);

      const cert = "arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";
      expect((await rejection(driver.ensureListener(alb(), { port: 443, protocol: "https" })))?.code).toBe("INVALID_INPUT");
      await driver.ensureListener(alb(), { port: 443, protocol: "https", certificateIds: [cert] });
      expect(aws.callsOf("CreateListener").at(-1)?.params).toMatchObject({
        Protocol: "HTTPS",
        "Certificates.member.1.CertificateArn": cert,
      });
      expect(aws.callsOf("CreateTargetGroup").at(-1)?.params.Protocol).toBe("HTTP"); // TLS ends at the balancer
    });

    it("an ALB refuses tcp listeners before any call; an NLB forwards a tcp listener to one TCP group without stickiness", async () => {
      expect((await rejection(driver.ensureListener(alb(), { port: 5432, protocol: "tcp" })))?.message).toMatch(
        /needs a Network Load Balancer/,
      );
      expect(aws.calls).toHaveLength(0);
      const nlb = elbHandle(aws, aws.nlbArn);
      await driver.ensureListener(nlb, { port: 5432, protocol: "tcp" });
      expect(aws.callsOf("CreateTargetGroup")[0]?.params.Protocol).toBe("TCP");
      expect(Object.keys(aws.callsOf("CreateListener")[0]?.params ?? {}).some((k) => k.includes("Stickiness"))).toBe(false);
    });

    it("never touches a listener Wharf did not tag", async () => {
      await driver.ensureListener(alb(), HTTP); // a Wharf group the foreign listener can borrow
      const tg = groupNamed(/-main-/);
      const arn = `${aws.albArn.replace(":loadbalancer/", ":listener/")}/foreign0000000001`;
      aws.state.listeners.set(arn, {
        arn,
        lbArn: aws.albArn,
        port: 9000,
        protocol: "HTTP",
        certificates: [],
        forward: { TargetGroups: [{ TargetGroupArn: tg?.arn ?? "", Weight: 1 }] },
      });
      const before = aws.mutations();
      expect((await rejection(driver.ensureListener(alb(), { port: 9000, protocol: "http" })))?.code).toBe("CONFLICT");
      await driver.deleteListener(alb(), { port: 9000, protocol: "http" });
      expect((await driver.describe(alb())).listeners.map((l) => l.port)).toEqual([8080]);
      expect(aws.mutations()).toBe(before);
      expect(aws.state.listeners.has(arn)).toBe(true);
    });

    it("describe follows listener pages and reflects target health; deleteListener removes groups a lost listener left behind", async () => {
      for (const port of [81, 82, 83, 84, 85]) await driver.ensureListener(alb(), { port, protocol: "http" });
      expect((await driver.describe(alb())).listeners.map((l) => l.port).sort()).toEqual([81, 82, 83, 84, 85]);
      expect(aws.callsOf("DescribeListeners").some((c) => c.params.Marker)).toBe(true);
      await driver.setBackends(alb(), { port: 81, protocol: "http" }, [elbBackend(0, "main", 1)]);
      aws.setTargetHealth("10.0.1.10", 32000, "unhealthy");
      expect((await driver.describe(alb())).listeners.find((l) => l.port === 81)?.backends[0]).toMatchObject({
        id: "10.0.1.10:32000",
        healthy: false,
        state: "active",
      });
      const lost = [...aws.state.listeners.values()].find((l) => l.port === 85);
      if (lost) aws.state.listeners.delete(lost.arn); // as if Wharf died between DeleteListener and DeleteTargetGroup
      await driver.deleteListener(alb(), { port: 85, protocol: "http" });
      expect(aws.callsOf("DeleteTargetGroup").map((c) => c.params.TargetGroupArn)).toEqual([expect.stringContaining("wharf-85-main-")]);
    });

    it("wraps errors with operation, target, AWS code and request id; SigV4 is verified (wrong secret, unknown key); session tokens are sent", async () => {
      const broken = elbHandle(aws, aws.albArn.replace(/\/[0-9a-f]+$/, "/0000000000000000"));
      const error = await rejection(driver.describe(broken));
      expect(error?.message).toMatch(
        /^aws-elbv2: DescribeListeners on arn:aws:elasticloadbalancing:.*\/0000000000000000 failed \(HTTP 400\): LoadBalancerNotFound: /,
      );
      expect(error?.details).toMatchObject({ providerCode: "LoadBalancerNotFound", requestId: expect.stringMatching(/^[0-9A-Z-]+$/) });
      expect(JSON.stringify([error?.message, error?.details])).not.toContain(aws.secretAccessKey);
      expect((await driver.testConnection(elbHandle(aws, aws.albArn, { secret: "wrong" }))).message).toMatch(
        /refused the credentials \(SignatureDoesNotMatch\)/,
      );
      expect((await driver.testConnection(elbHandle(aws, aws.albArn, { keyId: "AKIAUNKNOWN" }))).message).toMatch(/InvalidClientTokenId/);
      expect((await driver.testConnection(alb())).message).toMatch(
        /^Connected: application load balancer standin-alb \(.*elb\.amazonaws\.com, active\) in vpc-/,
      );
      expect((await driver.stats(alb())).available).toBe(false);

      const sts = await startAwsElbv2Standin({ sessionToken: "FwoGZXIvYXdzEPr//////////standin" });
      try {
        expect((await driver.testConnection(elbHandle(sts, sts.albArn))).ok).toBe(false);
        expect((await driver.testConnection(elbHandle(sts, sts.albArn, { sessionToken: "FwoGZXIvYXdzEPr//////////standin" }))).ok).toBe(
          true,
        );
      } finally {
        await sts.close();
      }
    });

    it("an overridden endpoint goes through the outbound policy: loopback is refused unless allow-listed, before any request", async () => {
      const error = await rejection(elbDriver([]).ensureListener(alb(), HTTP));
      expect([error?.code, error?.message]).toEqual(["FORBIDDEN", expect.stringMatching(/loopback address.*OUTBOUND_ALLOW_CIDRS/)]);
      expect(aws.calls).toHaveLength(0);
    });
  });
}
