import { describe, expect, it } from "vitest";
import { didYouMean, hint } from "./did-you-mean";

describe("didYouMean", () => {
  const keys = ["replicas", "mode", "resources", "restart_policy", "image", "user"];

  it("suggests close matches, including transpositions and case", () => {
    expect(didYouMean("replcas", keys)).toBe("replicas");
    expect(didYouMean("rseources", keys)).toBe("resources");
    expect(didYouMean("Image", keys)).toBe("image");
  });

  it("stays quiet when nothing is close", () => {
    expect(didYouMean("frobnicate", keys)).toBeUndefined();
    expect(didYouMean("node", ["user"])).toBeUndefined();
    expect(didYouMean("x".repeat(500), keys)).toBeUndefined();
  });

  it("formats the hint suffix", () => {
    expect(hint("imag", keys)).toBe(' (did you mean "image"?)');
    expect(hint("zzz", keys)).toBe("");
  });
});
