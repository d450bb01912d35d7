/** logs.stop: end a stream started by logs.start (its last lines go out with ended: true); stopped: false when none runs. */
import type { CommandHandler } from "./types";

export const logsStop: CommandHandler<"logs.stop"> = async (payload, context) => {
  const stopped = context.streams.stop(payload.streamId);
  if (stopped) context.log.info("log stream stopped", { streamId: payload.streamId });
  return { stopped };
};
