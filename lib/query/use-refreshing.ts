"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";

/** A mutation that, once it succeeds, refreshes the queries whose keys it names (and their children). */
export function useRefreshing<I, O>(fn: (input: I) => Promise<O>, refresh: QueryKey[]) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey }))) });
}
