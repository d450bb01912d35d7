import { getChannel } from "@/lib/domain/notifications/channel-view";
import { deleteChannel } from "@/lib/domain/notifications/delete-channel";
import { updateChannel } from "@/lib/domain/notifications/update-channel";
import { route } from "@/lib/http/route";
import { notificationChannelEndpoints } from "@/lib/schemas/notification-channels";

export const GET = route(notificationChannelEndpoints.get, ({ ctx, params }) =>
  getChannel({ orgId: ctx.orgId, channelId: params.channelId }),
);
export const PATCH = route(notificationChannelEndpoints.update, ({ ctx, params, body }) =>
  updateChannel({ ctx, channelId: params.channelId, changes: body }),
);
export const DELETE = route(notificationChannelEndpoints.delete, ({ ctx, params }) => deleteChannel({ ctx, channelId: params.channelId }));
