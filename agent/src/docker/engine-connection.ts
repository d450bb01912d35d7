/**
 * The plumbing under the typed Docker client: one dockerode instance on the engine's socket and
 * helpers that turn every failure into a DockerError and validate every answer. `dial` is the raw
 * Engine API request, for calls whose headers, query or streaming dockerode does not let us
 * control (X-Registry-Auth, POST /services/create without any extra query, log streams).
 */
import type { IncomingMessage } from "node:http";
import Docker from "dockerode";
import { z } from "zod";
import { toDockerError } from "./docker-error";

export type DialRequest = {
  path: string;
  method: "GET" | "POST" | "DELETE";
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Sent as X-Registry-Auth, already encoded (see encodeRegistryAuth). */
  registryAuth?: string;
  /** Answer with the response stream instead of its parsed body. */
  stream?: boolean;
  signal?: AbortSignal;
};

export type EngineConnection = {
  readonly docker: Docker;
  readonly socketPath: string;
  call<S extends z.ZodType>(operation: string, target: string | null, schema: S, run: () => Promise<unknown>): Promise<z.output<S>>;
  callVoid(operation: string, target: string | null, run: () => Promise<unknown>): Promise<void>;
  /** Like call, but a 404 from the engine answers `onNotFound` instead of failing. */
  callOr<S extends z.ZodType, F>(
    operation: string,
    target: string | null,
    schema: S,
    onNotFound: F,
    run: () => Promise<unknown>,
  ): Promise<z.output<S> | F>;
  /** For a change whose answer does not matter (stop, remove): true once done, false when the engine did not find the object. */
  callIfFound(operation: string, target: string | null, run: () => Promise<unknown>): Promise<boolean>;
  dial(request: DialRequest): Promise<unknown>;
  dialStream(request: DialRequest): Promise<IncomingMessage>;
};

// Every status the engine may answer: docker-modem fails anything unlisted as "unexpected", and
// toDockerError reads the engine's own message from it either way.
const STATUS_CODES = {
  200: true,
  201: true,
  204: true,
  304: true,
  400: "bad parameter",
  401: "unauthorized",
  403: "forbidden",
  404: "not found",
  406: "not acceptable",
  409: "conflict",
  500: "server error",
  503: "not available",
};

/** Any answer (often none) of a call that did what it was asked. */
const DONE = z.unknown().transform(() => true);

export function createEngineConnection(socketPath: string): EngineConnection {
  const docker = new Docker({ socketPath });

  function parse<S extends z.ZodType>(operation: string, schema: S, raw: unknown): z.output<S> {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(
      `docker ${operation}: unexpected response from the engine at ${socketPath} (${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"})`,
    );
  }

  async function call<S extends z.ZodType>(
    operation: string,
    target: string | null,
    schema: S,
    run: () => Promise<unknown>,
  ): Promise<z.output<S>> {
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      throw toDockerError(error, operation, target, socketPath);
    }
    return parse(operation, schema, raw);
  }

  const callOr: EngineConnection["callOr"] = async (operation, target, schema, onNotFound, run) => {
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      if (isNotFound(error)) return onNotFound;
      throw toDockerError(error, operation, target, socketPath);
    }
    return parse(operation, schema, raw);
  };

  function rawDial(request: DialRequest): Promise<unknown> {
    const hasQuery = request.query !== undefined && Object.keys(request.query).length > 0;
    return new Promise((resolve, reject) => {
      docker.modem.dial(
        {
          // docker-modem appends a query string only to paths ending in "?"
          path: hasQuery ? `${request.path}?` : request.path,
          method: request.method,
          options: hasQuery || request.body !== undefined ? { _query: request.query ?? {}, _body: request.body ?? {} } : undefined,
          authconfig: request.registryAuth ? { base64: request.registryAuth } : undefined,
          isStream: request.stream ?? false,
          statusCodes: STATUS_CODES,
          abortSignal: request.signal,
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
  }

  return {
    docker,
    socketPath,
    call,
    callVoid: async (operation, target, run) => {
      try {
        await run();
      } catch (error) {
        throw toDockerError(error, operation, target, socketPath);
      }
    },
    callOr,
    callIfFound: (operation, target, run) => callOr(operation, target, DONE, false, run),
    dial: rawDial,
    dialStream: async (request) => (await rawDial({ ...request, stream: true })) as IncomingMessage,
  };
}

/**
 * 404, or a 500 whose message says "not found": the swarm answers the latter when an object
 * disappears between the engine's lookup and its removal (e.g. a network removed concurrently).
 */
export function isNotFound(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const status: unknown = Reflect.get(error, "statusCode");
  if (status === 404) return true;
  const json: unknown = Reflect.get(error, "json");
  const message: unknown = typeof json === "object" && json !== null ? Reflect.get(json, "message") : undefined;
  return status === 500 && typeof message === "string" && /\bnot found\b/i.test(message);
}
