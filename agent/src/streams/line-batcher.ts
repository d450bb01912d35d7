/**
 * Collects stream lines and hands them over in batches: after `flushMs`, at `maxLines`, or when
 * a batch reaches `maxBytes` of JSON (the gateway refuses WebSocket messages above
 * GATEWAY_MAX_MESSAGE_BYTES, 2 MiB by default).
 */
import type { StreamLine } from "./stream-hub";

export type LineBatcherOptions = {
  emit: (lines: StreamLine[]) => void;
  flushMs?: number;
  maxLines?: number;
  maxBytes?: number;
};

export class LineBatcher {
  private lines: StreamLine[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly emit: (lines: StreamLine[]) => void;
  private readonly flushMs: number;
  private readonly maxLines: number;
  private readonly maxBytes: number;

  constructor({ emit, flushMs = 200, maxLines = 200, maxBytes = 1024 * 1024 }: LineBatcherOptions) {
    this.emit = emit;
    this.flushMs = flushMs;
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
  }

  get pending(): number {
    return this.lines.length;
  }

  add(line: StreamLine): void {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(JSON.stringify(line));
    if (this.lines.length >= this.maxLines || this.bytes >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    const lines = this.take();
    if (lines.length > 0) this.emit(lines);
  }

  /** The pending lines, without emitting them (for a stream's last message). */
  take(): StreamLine[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.lines;
    this.lines = [];
    this.bytes = 0;
    return lines;
  }
}
