import { listChannelDeliveries } from "@/lib/domain/notifications/list-channel-deliveries";
import { route } from "@/lib/http/route";
import { notificationChannelEndpoints } from "@/lib/schemas/notification-channels";

export const GET = route(notificationChannelEndpoints.deliveries, ({ ctx, params, query }) =>
  listChannelDeliveries({ orgId: ctx.orgId, channelId: params.channelId, status: query.status, page: query }),
);
