/**
 * Runs one command: parse the payload with its COMMANDS schema, call the handler, and validate
 * what it returns against the result schema before it goes to the control plane. Never throws:
 * every failure becomes an ok:false outcome with a code.
 */
import { COMMANDS, isCommandType, type CommandType } from "@/lib/protocol";
import type { CommandHandlers } from "./command-handlers";
import { toErrorPayload, type ErrorPayload } from "./to-error-payload";
import type { CommandContext, CommandHandler } from "./types";

export type CommandOutcome = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export type ExecuteCommandOptions = {
  handlers: CommandHandlers;
  type: string;
  payload: unknown;
  context: CommandContext;
};

export async function executeCommand({ handlers, type, payload, context }: ExecuteCommandOptions): Promise<CommandOutcome> {
  if (!isCommandType(type))
    return { ok: false, error: { code: "UNKNOWN_COMMAND", message: `this agent does not know the command "${type.slice(0, 100)}"` } };
  const spec = COMMANDS[type];
  const parsed = spec.payload.safeParse(payload);
  if (!parsed.success)
    return { ok: false, error: { code: "INVALID_PAYLOAD", message: `invalid ${type} payload: ${summarize(parsed.error.issues)}` } };
  try {
    // The handler map is complete and keyed by type, so handlers[type] takes this type's payload;
    // TypeScript cannot correlate the two through the union, hence the widening.
    const handler = handlers[type] as CommandHandler<CommandType>;
    const result = await handler(parsed.data, context);
    const checked = spec.result.safeParse(result);
    if (!checked.success)
      return {
        ok: false,
        error: { code: "INVALID_RESULT", message: `the ${type} handler produced an invalid result: ${summarize(checked.error.issues)}` },
      };
    return { ok: true, result: checked.data };
  } catch (error) {
    // an aborted handler reports why it was aborted (timeout, shutdown), not the abort itself
    return { ok: false, error: toErrorPayload(context.signal.aborted ? context.signal.reason : error) };
  }
}

function summarize(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
