/**
 * Prometheus failures as the API speaks them: Prometheus down or unreachable is a 503 that says
 * charts and federation come back when it does (never a 500); a query it refused (too many samples, a timeout
 * under load) is a 502 with its reason. The operator-facing detail (its address) goes to the log.
 */
import { PrometheusError } from "@/lib/drivers/prometheus/prometheus-client";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export async function askPrometheus<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof PrometheusError)) throw err;
    logger.warn({ err }, "metrics query failed");
    if (err.kind === "unreachable") {
      throw new AppError(
        "UNAVAILABLE",
        "Metrics are unavailable: Wharf's Prometheus is not answering. Charts and federation come back once it runs again.",
      );
    }
    throw new AppError("UPSTREAM_FAILED", `Wharf's Prometheus could not answer the query (${err.message})`);
  }
}
