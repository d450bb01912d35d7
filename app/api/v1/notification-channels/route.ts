import { listChannels } from "@/lib/domain/notifications/channel-view";
import { createChannel } from "@/lib/domain/notifications/create-channel";
import { route } from "@/lib/http/route";
import { notificationChannelEndpoints } from "@/lib/schemas/notification-channels";

export const GET = route(notificationChannelEndpoints.list, ({ ctx }) => listChannels({ orgId: ctx.orgId }));
export const POST = route(notificationChannelEndpoints.create, ({ ctx, body }) => createChannel({ ctx, input: body }));
