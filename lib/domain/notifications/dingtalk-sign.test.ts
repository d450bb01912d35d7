import { describe, expect, it } from "vitest";
import { dingtalkSignature, signedDingtalkUrl } from "./dingtalk-sign";

// Computed with DingTalk's documented Python sample (hmac.new(secret, f"{timestamp}\n{secret}", sha256), base64, quote_plus).
const SECRET = "SEC0123456789abcdef";
const TS = 1_700_000_000_000;

describe("DingTalk robot signatures", () => {
  it("match DingTalk's documented algorithm", () => {
    expect(dingtalkSignature(SECRET, TS)).toBe("TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");
  });

  it("go into the robot URL's query, URL-encoded, beside its access token", () => {
    const url = signedDingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", SECRET, TS);
    expect(url).toBe(
      "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D",
    );
  });
});
