/**
 * logs.start (manager only): open GET /services/{id}/logs and stream its lines back as "stream"
 * messages under the given streamId (see streams/service-log-stream.ts). Answers as soon as the
 * engine has opened the stream; the stream then runs on its own until it ends, logs.stop, or the
 * connection closes. A streamId that is already streaming answers started: false (a repeat).
 */
import { startServiceLogStream } from "../streams/service-log-stream";
import { CommandError } from "./command-error";
import { findService } from "./find-by-name";
import { viewSpec } from "./service-spec-view";
import type { CommandHandler } from "./types";

export const logsStart: CommandHandler<"logs.start"> = async (payload, context) => {
  const { docker, streams, signal, log } = context;
  const slot = streams.reserve(payload.streamId);
  if (!slot) return { started: false };
  // the command's timeout bounds the opening only; the stream itself lives on past the answer
  const cancelOpening = () => streams.stop(payload.streamId);
  signal.addEventListener("abort", cancelOpening, { once: true });
  try {
    const service = await findService(context, payload.service);
    if (!service) throw new CommandError("NOT_FOUND", `service ${payload.service} does not exist`);
    const source = await docker.openServiceLogs({ id: service.ID, tail: payload.tail, follow: payload.follow, signal: slot.signal });
    if (slot.signal.aborted) {
      source.destroy();
      slot.release();
      return { started: false };
    }
    const streamLog = log.child({ streamId: payload.streamId, service: payload.service });
    slot.activate(
      startServiceLogStream({
        slot,
        source,
        tty: viewSpec(service.Spec).tty,
        serviceExists: payload.follow ? async () => (await docker.inspectService({ id: service.ID })) !== null : undefined,
        log: streamLog,
      }),
    );
    streamLog.info("log stream started", { tail: payload.tail, follow: payload.follow });
    return { started: true };
  } catch (error) {
    // stopped (logs.stop) while opening, and not because this command timed out
    const stoppedMeanwhile = slot.signal.aborted && !signal.aborted;
    slot.release();
    if (stoppedMeanwhile) return { started: false };
    throw error;
  } finally {
    signal.removeEventListener("abort", cancelOpening);
  }
};
