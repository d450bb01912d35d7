import { describe, expect, it } from "vitest";
import { shellSplit } from "./shell-split";

describe("shellSplit", () => {
  it.each([
    ["echo hello world", ["echo", "hello", "world"]],
    ['node "server.js" --port 80', ["node", "server.js", "--port", "80"]],
    ["sh -c 'echo $HOME && ls'", ["sh", "-c", "echo $HOME && ls"]],
    ['echo "a \\"quoted\\" word"', ["echo", 'a "quoted" word']],
    ["a\\ b c", ["a b", "c"]],
    ["  spaced   out  ", ["spaced", "out"]],
    ['empty ""', ["empty", ""]],
    ["", []],
  ])("splits %j", (input, args) => {
    expect(shellSplit(input)).toEqual({ ok: true, value: args });
  });

  it.each([["echo 'oops"], ['echo "oops']])("rejects unterminated quotes in %j", (input) => {
    const result = shellSplit(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/unterminated/);
  });
});
