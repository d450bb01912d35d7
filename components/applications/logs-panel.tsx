"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import type { Application } from "@/lib/schemas/applications";

type Line = { ts: string; stream: string; task: string | null; text: string };
const MAX_LINES = 2000;

/** Live logs of one service, streamed over Server-Sent Events; pause keeps the stream but freezes the view. */
export function LogsPanel({ app, serviceId, onService }: { app: Application; serviceId: string | null; onService: (id: string) => void }) {
  const service = app.services.find((s) => s.id === serviceId) ?? app.services[0];
  const [tail, setTail] = useState(200);
  const [lines, setLines] = useState<Line[]>([]);
  const [paused, setPaused] = useState(false);
  const [state, setState] = useState<"connecting" | "live" | "ended">("connecting");
  const [error, setError] = useState<string | null>(null);
  const pausedRef = useRef(paused);
  const buffer = useRef<Line[]>([]);
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!service) return;
    setLines([]);
    buffer.current = [];
    setError(null);
    setState("connecting");
    const source = new EventSource(`/api/v1/applications/${app.id}/services/${service.id}/logs?tail=${tail}&follow=true`);
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("lines", (e) => {
      buffer.current = [...buffer.current, ...(JSON.parse((e as MessageEvent<string>).data) as Line[])].slice(-MAX_LINES);
      if (!pausedRef.current) setLines(buffer.current);
    });
    source.addEventListener("end", (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { error: string | null };
      setError(data.error);
      setState("ended");
      source.close();
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setState("ended");
    };
    return () => source.close();
  }, [app.id, service, tail]);

  useEffect(() => {
    pausedRef.current = paused; // read by the stream's listener
    if (!paused) setLines(buffer.current);
  }, [paused]);
  useEffect(() => {
    if (!paused && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, paused]);

  if (!service) return <p className="text-sm text-slate-500">This application has no services.</p>;
  return (
    <Card>
      <CardHeader
        title="Logs"
        description={
          state === "live"
            ? paused
              ? "Paused — new lines are kept"
              : "Following live"
            : state === "connecting"
              ? "Connecting…"
              : "Stream ended"
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Select aria-label="Service" value={service.id} onChange={(e) => onService(e.target.value)} className="w-40 py-1">
              {app.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
            <Select aria-label="Lines" value={tail} onChange={(e) => setTail(Number(e.target.value))} className="w-32 py-1">
              {[50, 200, 1000].map((n) => (
                <option key={n} value={n}>
                  last {n}
                </option>
              ))}
            </Select>
            <Button size="sm" variant="secondary" onClick={() => setPaused((p) => !p)}>
              {paused ? "Follow" : "Pause"}
            </Button>
            {/* The live tail is the engine's; stored lines (declared log stores) are searched on the Logs page. */}
            <Link
              href={`/logs?${new URLSearchParams({ applicationId: app.id, service: service.name, range: "24h" })}`}
              className="text-sm text-brand-600 hover:underline"
            >
              Search stored logs
            </Link>
          </div>
        }
      />
      {error && (
        <div className="px-5 pt-4">
          <Alert>{error}</Alert>
        </div>
      )}
      <pre ref={box} data-testid="log-lines" className="h-96 overflow-auto bg-slate-950 p-4 font-mono text-xs leading-5 text-slate-100">
        {lines.length === 0 && <span className="text-slate-500">{state === "connecting" ? "Waiting for lines…" : "No lines."}</span>}
        {lines.map((l, i) => (
          <div key={i} className={l.stream === "stderr" ? "text-red-300" : undefined}>
            <span className="text-slate-500">{l.ts.slice(11, 19)} </span>
            {l.task && <span className="text-sky-400">{l.task} </span>}
            {l.text}
          </div>
        ))}
      </pre>
    </Card>
  );
}
