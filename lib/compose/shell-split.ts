import type { ParseResult } from "./parse-duration";

/**
 * Splits a command string into arguments the way docker compose does for `command: echo "a b"`
 * (POSIX shell quoting, no expansion): the string is not run through a shell, so Swarm receives
 * an argument list.
 */
export function shellSplit(input: string): ParseResult<string[]> {
  const args: string[] = [];
  let current = "";
  let inWord = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? "";
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: `unterminated single quote at character ${i + 1}` };
      current += input.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let closed = false;
      while (j < input.length) {
        const d = input[j];
        if (d === "\\" && j + 1 < input.length && '"\\$`\n'.includes(input[j + 1] ?? "")) {
          current += input[j + 1];
          j += 2;
        } else if (d === '"') {
          closed = true;
          break;
        } else {
          current += d;
          j++;
        }
      }
      if (!closed) return { ok: false, message: `unterminated double quote at character ${i + 1}` };
      inWord = true;
      i = j + 1;
    } else if (c === "\\") {
      if (i + 1 < input.length) current += input[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = "";
      inWord = false;
      i++;
    } else {
      current += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) args.push(current);
  return { ok: true, value: args };
}
