/** The part of @alicloud/log (Alibaba Cloud's official Log Service SDK, untyped) that Wharf uses. */
declare module "@alicloud/log" {
  import type { RequestOptions } from "node:http";

  type ClientConfig = {
    accessKeyId: string;
    accessKeySecret: string;
    endpoint?: string;
    region?: string;
    net?: string;
    use_https?: boolean;
  };
  type LogEntry = { timestamp: number; timestampNsPart?: number; content: Record<string, string> };
  /** httpx options: `beforeRequest` may change the options given to http.request (Wharf pins the address). */
  type RequestExtras = { timeout?: number; beforeRequest?: (options: RequestOptions) => RequestOptions };

  export default class Client {
    constructor(config: ClientConfig);
    postLogStoreLogs(
      project: string,
      logstore: string,
      data: { logs: LogEntry[]; topic?: string; source?: string; tags?: Array<Record<string, string>> },
      options?: RequestExtras,
    ): Promise<unknown>;
  }
}
