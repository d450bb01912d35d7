import { describe, expect, it } from "vitest";
import { connectionFailure } from "./connection-failure";
import { lbApiError } from "./errors";

const wording = {
  provider: "AWS",
  credentialsHint: "check the access key, the secret and the elasticloadbalancing permissions",
  notFoundCode: "LoadBalancerNotFound",
  notFound: "No such load balancer",
  notFoundHint: "check the ARN and the region",
};
const failed = (providerCode: string) =>
  lbApiError({ driver: "aws-elbv2", operation: "DescribeLoadBalancers", target: "arn:lb", providerCode, providerMessage: "nope" });

describe("connectionFailure", () => {
  it("hints at the credentials when the provider refuses them", () => {
    const error = failed("InvalidClientTokenId");
    expect(connectionFailure(error, wording)).toEqual({
      ok: false,
      message: `AWS refused the credentials (InvalidClientTokenId); check the access key, the secret and the elasticloadbalancing permissions. ${error.message}`,
    });
  });

  it("hints at the load balancer's address when the provider does not know it", () => {
    const error = failed("LoadBalancerNotFound");
    expect(connectionFailure(error, wording)).toEqual({
      ok: false,
      message: `No such load balancer (LoadBalancerNotFound); check the ARN and the region. ${error.message}`,
    });
  });

  it("passes any other failure's message through", () => {
    expect(connectionFailure(failed("Throttling"), wording)).toEqual({ ok: false, message: failed("Throttling").message });
    expect(connectionFailure(new Error("connect ECONNREFUSED"), wording)).toEqual({ ok: false, message: "connect ECONNREFUSED" });
  });
});
