import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import type { WeightedBackend } from "./types";
import { assertValidBackends, poolShares, poolWeights, scaleToMax } from "./weights";

const b = (id: string, weight: number, pool = "main", port = 30000): WeightedBackend => ({ id, address: "10.0.0.1", port, weight, pool });

describe("scaleToMax (SLB per-backend weights 0..100)", () => {
  it("maps the largest weight to the maximum and keeps ratios, rounding to the nearest integer", () => {
    expect(scaleToMax([256, 128, 64], 100)).toEqual([100, 50, 25]);
    expect(scaleToMax([40, 40, 20], 100)).toEqual([100, 100, 50]);
    expect(scaleToMax([3, 2], 100)).toEqual([100, 67]);
  });
  it("keeps 0 at 0 and never rounds a non-zero weight down to 0 (that would drain it)", () => {
    expect(scaleToMax([256, 1, 0], 100)).toEqual([100, 1, 0]);
  });
  it("all zero stays all zero; equal weights all become the maximum", () => {
    expect(scaleToMax([0, 0], 100)).toEqual([0, 0]);
    expect(scaleToMax([1, 1, 1], 100)).toEqual([100, 100, 100]);
  });
});

describe("poolWeights (ELBv2 forward weights 0..999)", () => {
  it("gives each pool its share in thousandths: 80/20 reads 800/200", () => {
    const shares = poolShares([b("a", 40, "blue"), b("b", 40, "blue", 2), b("c", 20, "green")]);
    expect(Object.fromEntries(poolWeights(shares))).toEqual({ blue: 800, green: 200 });
  });
  it("caps a pool with all the traffic at 999 and keeps a tiny share at least 1", () => {
    expect(Object.fromEntries(poolWeights(new Map([["main", 10]])))).toEqual({ main: 999 });
    expect(
      Object.fromEntries(
        poolWeights(
          new Map([
            ["blue", 5000],
            ["green", 1],
          ]),
        ),
      ),
    ).toEqual({ blue: 999, green: 1 });
  });
  it("a pool with share 0 gets 0; when every share is 0 each pool gets 1", () => {
    expect(
      Object.fromEntries(
        poolWeights(
          new Map([
            ["blue", 10],
            ["green", 0],
          ]),
        ),
      ),
    ).toEqual({ blue: 999, green: 0 });
    expect(
      Object.fromEntries(
        poolWeights(
          new Map([
            ["blue", 0],
            ["green", 0],
          ]),
        ),
      ),
    ).toEqual({ blue: 1, green: 1 });
  });
});

describe("assertValidBackends", () => {
  it("accepts a normal pool", () => {
    expect(() => assertValidBackends("aws-elbv2", [b("a", 1), b("b", 256, "main", 30001)])).not.toThrow();
  });
  it.each([
    ["a negative weight", [b("a", -1)]],
    ["a weight above 256", [b("a", 257)]],
    ["an invalid port", [b("a", 1, "main", 0)]],
    ["the same id twice", [b("a", 1), b("a", 1, "main", 30001)]],
    ["the same address and port twice", [b("a", 1), b("b", 1)]],
  ])("refuses %s with INVALID_INPUT", (_what, backends) => {
    expect(() => assertValidBackends("aliyun-slb", backends)).toThrow(AppError);
    try {
      assertValidBackends("aliyun-slb", backends);
    } catch (error) {
      expect((error as AppError).code).toBe("INVALID_INPUT");
    }
  });
});
