"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { LogLineView } from "@/lib/schemas/logs";

export type TailState = "connecting" | "live" | "reconnecting" | "stopped";

/** Lines kept on screen (the oldest go first); as many again are held while paused. */
export const TAIL_MAX_LINES = 2_000;

/**
 * The live tail of stored lines over Server-Sent Events (`event: lines`, JSON LogLineView[],
 * oldest first). Pausing keeps the stream open: new lines wait in a buffer (their count is
 * `waiting`) and join the view on resume, so nothing that arrived meanwhile is missed. The browser
 * reconnects by itself after a network error; the backfill it asks for again is de-duplicated by
 * line id. The server may end the stream (`event: end`, { error }): after its maximum duration
 * (error null) or on a failure; Reconnect starts a new one. `url` null: no stream.
 */
export function useLogTail(url: string | null) {
  const [lines, setLines] = useState<LogLineView[]>([]);
  const [waiting, setWaiting] = useState(0);
  const [paused, setPaused] = useState(false);
  const [state, setState] = useState<TailState>("connecting");
  const [attempt, setAttempt] = useState(0);
  /** Why the server ended the stream (`event: end`): its error, or null when it reached its maximum duration. */
  const [ended, setEnded] = useState<{ error: string | null } | null>(null);
  const pausedRef = useRef(false);
  const pending = useRef<LogLineView[]>([]);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    setLines([]);
    setWaiting(0);
    pending.current = [];
    seen.current = new Set();
    setEnded(null);
    if (!url) return;
    setState("connecting");
    const source = new EventSource(url);
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("lines", (event) => {
      const batch = JSON.parse((event as MessageEvent<string>).data) as LogLineView[];
      const fresh = batch.filter((l) => !seen.current.has(l.id));
      if (!fresh.length) return;
      for (const l of fresh) seen.current.add(l.id);
      if (seen.current.size > 4 * TAIL_MAX_LINES) seen.current = new Set(fresh.map((l) => l.id));
      if (pausedRef.current) {
        pending.current = [...pending.current, ...fresh].slice(-TAIL_MAX_LINES);
        setWaiting((n) => n + fresh.length);
      } else {
        setLines((cur) => [...cur, ...fresh].slice(-TAIL_MAX_LINES));
      }
    });
    // The server's end is final (else the browser would reconnect and replay the backfill).
    source.addEventListener("end", (event) => {
      source.close();
      const data = JSON.parse((event as MessageEvent<string>).data || "{}") as { error?: string | null };
      setEnded({ error: data.error ?? null });
      setState("stopped");
    });
    // A closed source (the server refused the request) does not come back by itself.
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "stopped" : "reconnecting");
    return () => source.close();
  }, [url, attempt]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setPaused(true);
  }, []);

  const resume = useCallback(() => {
    pausedRef.current = false;
    setPaused(false);
    const held = pending.current;
    pending.current = [];
    setWaiting(0);
    if (held.length) setLines((cur) => [...cur, ...held].slice(-TAIL_MAX_LINES));
  }, []);

  const reconnect = useCallback(() => setAttempt((n) => n + 1), []);
  const clear = useCallback(() => setLines([]), []);

  return { lines, waiting, paused, state, ended, pause, resume, reconnect, clear };
}
