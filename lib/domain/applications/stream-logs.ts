import { randomBytes } from "node:crypto";
import { busKeys } from "@/lib/agent-bus/keys";
import { streamChunkSchema } from "@/lib/agent-bus/messages";
import { subscribeSealed } from "@/lib/agent-bus/sealed";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { sendCommand } from "../commands/send-command";
import { findManager } from "./deploy/find-manager";

const encoder = new TextEncoder();
const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * A service's logs as Server-Sent Events: the last `tail` lines, then new ones while `follow`.
 * The agent on a manager streams them through its gateway and Redis; closing the browser tab
 * cancels the stream, which stops it on the agent too.
 */
export async function streamServiceLogs({
  orgId,
  applicationId,
  serviceId,
  tail,
  follow,
  log,
}: {
  orgId: string;
  applicationId: string;
  serviceId: string;
  tail: number;
  follow: boolean;
  log: Logger;
}): Promise<ReadableStream<Uint8Array>> {
  const service = await prisma.appService.findFirst({
    where: { id: serviceId, applicationId, orgId, application: { deletedAt: null } },
    select: { swarmName: true, application: { select: { clusterId: true } } },
  });
  if (!service) throw notFound("Service");
  const manager = await findManager(service.application.clusterId);
  const streamId = randomBytes(12).toString("base64url");
  let unsubscribe: (() => Promise<void>) | null = null;
  let keepAlive: NodeJS.Timeout | undefined;
  const stop = async () => {
    clearInterval(keepAlive);
    await unsubscribe?.();
    unsubscribe = null;
    await sendCommand({ nodeId: manager.id, type: "logs.stop", payload: { streamId }, timeoutMs: 5_000 }).catch((err: unknown) =>
      log.debug({ err }, "logs.stop failed"),
    );
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      unsubscribe = await subscribeSealed(busKeys.streamChannel(streamId), streamChunkSchema, (chunk) => {
        if (chunk.lines.length) controller.enqueue(event("lines", chunk.lines));
        if (chunk.ended) {
          controller.enqueue(event("end", { error: chunk.error ?? null }));
          controller.close();
          void stop();
        }
      });
      // Comments keep proxies from closing an idle stream.
      keepAlive = setInterval(() => controller.enqueue(encoder.encode(": keep-alive\n\n")), 15_000);
      controller.enqueue(event("open", { service: service.swarmName, node: manager.hostname }));
      try {
        await sendCommand({
          nodeId: manager.id,
          type: "logs.start",
          payload: { streamId, service: service.swarmName, tail, follow },
          timeoutMs: 15_000,
        });
      } catch (err) {
        controller.enqueue(event("end", { error: (err as Error).message }));
        controller.close();
        await stop();
      }
    },
    async cancel() {
      await stop();
    },
  });
}
