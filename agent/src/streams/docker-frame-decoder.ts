/**
 * Splits the Engine API's multiplexed stream (containers and services without a TTY) into frames:
 * an 8-byte header — stream type, three zero bytes, big-endian payload size — then the payload.
 * Chunks may end anywhere, so an incomplete frame waits for the next chunk.
 */
export type FrameStream = "stdout" | "stderr" | "system";
export type DockerFrame = { stream: FrameStream; payload: Buffer };

const HEADER_BYTES = 8;
// Docker frames one log message at a time (16 KiB lines at most); anything this big is garbage
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export class DockerFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): DockerFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: DockerFrame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const type = this.pending[0] ?? 0;
      const size = this.pending.readUInt32BE(4);
      if (type > 3 || size > MAX_FRAME_BYTES) throw new Error(`the engine sent a malformed log stream (frame type ${type}, ${size} bytes)`);
      if (this.pending.length < HEADER_BYTES + size) break;
      const payload = this.pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      // 0 is stdin echoed back on stdout; 3 is the daemon reporting an error inside the stream
      frames.push({ stream: type === 2 ? "stderr" : type === 3 ? "system" : "stdout", payload });
      this.pending = this.pending.subarray(HEADER_BYTES + size);
    }
    return frames;
  }

  /** Bytes of an unfinished frame (non-zero when a stream ends mid-frame). */
  get buffered(): number {
    return this.pending.length;
  }
}
