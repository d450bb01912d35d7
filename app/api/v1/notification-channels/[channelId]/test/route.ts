import { testChannel } from "@/lib/domain/notifications/test-channel";
import { route } from "@/lib/http/route";
import { notificationChannelEndpoints } from "@/lib/schemas/notification-channels";

export const POST = route(notificationChannelEndpoints.test, ({ ctx, params }) => testChannel({ ctx, channelId: params.channelId }));
