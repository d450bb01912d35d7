"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreatedNotificationChannel,
  CreateNotificationChannelInput,
  NotificationChannelView,
  NotificationDeliveryView,
  TestNotificationResult,
  UpdateNotificationChannelInput,
} from "@/lib/schemas/notification-channels";
import { api, type Page } from "./api";
import { keys } from "./keys";

export const useChannels = () =>
  useQuery({
    queryKey: keys.channels(),
    queryFn: () => api<{ items: NotificationChannelView[] }>("/notification-channels"),
    refetchInterval: 10_000,
  });

/** A channel's delivery log, newest first; retries change it, so it follows while open. */
export const useChannelDeliveries = (channelId: string) =>
  useQuery({
    queryKey: keys.channelDeliveries(channelId),
    queryFn: () => api<Page<NotificationDeliveryView>>(`/notification-channels/${channelId}/deliveries?limit=20`),
    refetchInterval: 5_000,
  });

function useChannelMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.channels() });
      // Rules list their channels by name.
      await client.invalidateQueries({ queryKey: keys.alertRules() });
    },
  });
}

export const useCreateChannel = () =>
  useChannelMutation((input: CreateNotificationChannelInput) =>
    api<CreatedNotificationChannel>("/notification-channels", { method: "POST", body: input }),
  );
export const useUpdateChannel = () =>
  useChannelMutation(({ channelId, input }: { channelId: string; input: UpdateNotificationChannelInput }) =>
    api<CreatedNotificationChannel>(`/notification-channels/${channelId}`, { method: "PATCH", body: input }),
  );
export const useDeleteChannel = () =>
  useChannelMutation((channelId: string) => api<{ ok: true }>(`/notification-channels/${channelId}`, { method: "DELETE" }));
/** Sent at once, one attempt: the answer carries what the receiver said, and the delivery joins the log. */
export const useTestChannel = () =>
  useChannelMutation((channelId: string) => api<TestNotificationResult>(`/notification-channels/${channelId}/test`, { method: "POST" }));
