/**
 * GPUs reported by nvidia-smi on the machine the agent runs on. A missing binary means no NVIDIA
 * GPUs (the common case); any other failure is logged and also yields none, so a broken driver
 * never keeps the node from registering.
 */
import { execFile } from "node:child_process";
import type { z } from "zod";
import type { gpuSchema } from "@/lib/protocol";
import type { Logger } from "../log/logger";

type Gpu = z.infer<typeof gpuSchema>;

/** Runs a program and resolves with its stdout (rejects with a NodeJS.ErrnoException-like error). */
export type ExecFileText = (file: string, args: string[], options: { timeoutMs: number }) => Promise<string>;

export const NVIDIA_SMI_ARGS = ["--query-gpu=index,uuid,name,memory.total", "--format=csv,noheader,nounits"];

const MIB = 1024 * 1024;

export const execFileText: ExecFileText = (file, args, { timeoutMs }) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: "utf8", maxBuffer: 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

/** Parses `nvidia-smi --query-gpu=index,uuid,name,memory.total --format=csv,noheader,nounits`. */
export function parseNvidiaSmiCsv(text: string): Gpu[] {
  const gpus: Gpu[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const [index, uuid, ...rest] = line.split(",").map((part) => part.trim());
    // the model name may itself contain commas; memory is the last column
    const memory = rest.pop();
    const model = rest.join(", ");
    const position = Number(index);
    if (!uuid || !Number.isInteger(position) || position < 0) continue;
    const mib = Number(memory);
    gpus.push({
      index: position,
      id: uuid.slice(0, 200),
      model: model.slice(0, 200),
      memoryBytes: memory && Number.isFinite(mib) ? Math.round(mib * MIB) : null,
      source: "nvidia-smi",
    });
  }
  return gpus;
}

export type ReadNvidiaGpusOptions = { log: Logger; exec?: ExecFileText; timeoutMs?: number };

export async function readNvidiaGpus({ log, exec = execFileText, timeoutMs = 5_000 }: ReadNvidiaGpusOptions): Promise<Gpu[]> {
  try {
    return parseNvidiaSmiCsv(await exec("nvidia-smi", NVIDIA_SMI_ARGS, { timeoutMs }));
  } catch (error) {
    const code = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
    if (code !== "ENOENT") log.warn("nvidia-smi failed; reporting no NVIDIA GPUs", { error });
    return [];
  }
}
