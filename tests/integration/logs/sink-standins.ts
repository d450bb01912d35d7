/**
 * STAND-INS (not the real services, which cannot be reached from here): local HTTP servers speaking
 * the documented request formats of the Elasticsearch `_bulk` API, Loki's push API and Alibaba
 * Cloud Log Service's PutLogs (protobuf LogGroup, "LOG <key id>:<HMAC-SHA1>" signature). They
 * check what a real service would refuse (credentials, signature, body shape) and record what
 * they took; `failNext` makes them answer 503 to see a sink catch up afterwards.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type StandIn = {
  url: string;
  port: number;
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  failNext: number;
  close(): Promise<void>;
};

async function serve(handle: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, self: StandIn) => void): Promise<StandIn> {
  const self = { requests: [], failNext: 0 } as unknown as StandIn;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      self.requests.push({ path: req.url ?? "", headers: req.headers });
      if (self.failNext > 0) {
        self.failNext--;
        res.writeHead(503, { "content-type": "text/plain" }).end("stand-in: temporarily unavailable");
        return;
      }
      handle(req, Buffer.concat(chunks), res, self);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(self, { port, url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
}

/** Elasticsearch `_bulk` stand-in: documents by index and _id (an index op replaces). */
export async function elasticsearchStandIn(auth: string) {
  const docs = new Map<string, Record<string, unknown>>();
  const standIn = await serve((req, body, res) => {
    if (req.method !== "POST" || req.url !== "/_bulk") return void res.writeHead(404).end();
    if (req.headers.authorization !== auth)
      return void res.writeHead(401, { "content-type": "application/json" }).end('{"error":"security_exception"}');
    if (!String(req.headers["content-type"]).startsWith("application/x-ndjson")) return void res.writeHead(406).end();
    const lines = body.toString("utf8").split("\n").filter(Boolean);
    const items: unknown[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = JSON.parse(lines[i] ?? "{}") as { index?: { _index: string; _id: string } };
      if (!action.index) return void res.writeHead(400).end("stand-in: only index actions");
      docs.set(`${action.index._index}/${action.index._id}`, JSON.parse(lines[i + 1] ?? "{}") as Record<string, unknown>);
      items.push({ index: { _index: action.index._index, _id: action.index._id, status: 201 } });
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ took: 1, errors: false, items }));
  });
  return Object.assign(standIn, { docs });
}

/** Loki push stand-in: entries by stream labels. */
export async function lokiStandIn(bearer: string, tenant: string) {
  const entries: Array<{ labels: Record<string, string>; ts: string; line: string; meta: Record<string, string> | undefined }> = [];
  const standIn = await serve((req, body, res) => {
    if (req.method !== "POST" || req.url !== "/loki/api/v1/push") return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${bearer}` || req.headers["x-scope-orgid"] !== tenant)
      return void res.writeHead(401).end("no org id");
    const push = JSON.parse(body.toString("utf8")) as {
      streams: Array<{ stream: Record<string, string>; values: Array<[string, string, Record<string, string>?]> }>;
    };
    for (const s of push.streams) {
      for (const [ts, line, meta] of s.values) {
        if (!/^\d{19}$/.test(ts)) return void res.writeHead(400).end("stand-in: timestamps are nanosecond strings");
        entries.push({ labels: s.stream, ts, line, meta });
      }
    }
    res.writeHead(204).end();
  });
  return Object.assign(standIn, { entries });
}

/** Reads a protobuf message's fields (enough for sls.LogGroup: varint, fixed32, length-delimited). */
function fields(buf: Buffer): Array<{ no: number; value: Buffer | number }> {
  const out: Array<{ no: number; value: Buffer | number }> = [];
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++] ?? 0;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const type = key % 8;
    if (type === 0) out.push({ no, value: varint() });
    else if (type === 5) {
      out.push({ no, value: buf.readUInt32LE(i) });
      i += 4;
    } else if (type === 2) {
      const len = varint();
      out.push({ no, value: buf.subarray(i, i + len) });
      i += len;
    } else throw new Error(`stand-in: unexpected wire type ${type}`);
  }
  return out;
}

export type SlsLog = { time: number; timeNs: number | undefined; contents: Record<string, string> };

function decodeLogGroup(body: Buffer): { logs: SlsLog[]; topic?: string; source?: string } {
  const group: { logs: SlsLog[]; topic?: string; source?: string } = { logs: [] };
  for (const f of fields(body)) {
    if (f.no === 1 && Buffer.isBuffer(f.value)) {
      const log: SlsLog = { time: 0, timeNs: undefined, contents: {} };
      for (const g of fields(f.value)) {
        if (g.no === 1) log.time = g.value as number;
        if (g.no === 4) log.timeNs = g.value as number;
        if (g.no === 2 && Buffer.isBuffer(g.value)) {
          const kv = fields(g.value);
          log.contents[String(kv.find((x) => x.no === 1)?.value)] = String(kv.find((x) => x.no === 2)?.value);
        }
      }
      group.logs.push(log);
    }
    if (f.no === 3) group.topic = String(f.value);
    if (f.no === 4) group.source = String(f.value);
  }
  return group;
}

/** PutLogs stand-in: checks Content-MD5 and the request signature as the service documents them. */
export async function slsStandIn(keyId: string, keySecret: string) {
  const received: Array<{ project: string; logstore: string; logs: SlsLog[]; topic?: string; source?: string }> = [];
  const standIn = await serve((req, body, res) => {
    // The SDK always appends "?" (no query parameters for PutLogs); the signed resource is the path.
    const pathname = (req.url ?? "").split("?")[0] ?? "";
    const m = /^\/logstores\/([^/]+)\/shards\/lb$/.exec(pathname);
    const project = (req.headers.host ?? "").split(".")[0] ?? "";
    const fail = (status: number, errorCode: string, errorMessage: string) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ errorCode, errorMessage }));
    if (req.method !== "POST" || !m?.[1]) return fail(404, "LogStoreNotExist", "stand-in: unknown path");
    const h = req.headers;
    if (createHash("md5").update(body).digest("hex").toUpperCase() !== h["content-md5"])
      return fail(400, "InvalidContentMD5", "stand-in: content-md5 mismatch");
    const canonical = Object.keys(h)
      .filter((k) => k.startsWith("x-log-") || k.startsWith("x-acs-"))
      .sort()
      .map((k) => `${k}:${String(h[k]).trim()}\n`)
      .join("");
    const signString = `POST\n${h["content-md5"] ?? ""}\n${h["content-type"] ?? ""}\n${h.date ?? ""}\n${canonical}${pathname}`;
    const expected = `LOG ${keyId}:${createHmac("sha1", keySecret).update(signString).digest("base64")}`;
    if (h.authorization !== expected) return fail(401, "SignatureNotMatch", "stand-in: signature mismatch");
    received.push({ project, logstore: m[1], ...decodeLogGroup(body) });
    res.writeHead(200, { "x-log-requestid": "standin" }).end();
  });
  return Object.assign(standIn, { received });
}
