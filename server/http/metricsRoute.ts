import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import express, { type Request, type Response } from "express";
import { ErrorCode } from "../../shared/errors";
import type { Config } from "../config";
import type { Metrics } from "../metrics";
import { sendError } from "./gate";

/**
 * Prometheus metrics are not public (issue 8 item 6): they show who is connected by role and how
 * busy the board is. Served with a bearer token (METRICS_TOKEN), or on a listener of their own
 * (METRICS_HOST:METRICS_PORT, e.g. an address only the monitoring network reaches), or not at all.
 */
export function metricsHandler(metrics: Metrics, token: string | undefined) {
  return async (req: Request, res: Response) => {
    if (token !== undefined && !bearerIs(req.headers.authorization, token)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      return sendError(res, 401, ErrorCode.Unauthenticated, "A metrics token is required.");
    }
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  };
}

/** Whether the public port serves /metrics: only with a token, and only if there is no listener of its own. */
export const metricsOnPublicPort = (config: Config) => config.METRICS_PORT === undefined && config.METRICS_TOKEN !== undefined;

/** The metrics listener of its own, when METRICS_PORT is set (the entry file listens on it). */
export function metricsServer(config: Config, metrics: Metrics): http.Server | null {
  if (config.METRICS_PORT === undefined) return null;
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", metricsHandler(metrics, config.METRICS_TOKEN));
  app.use((_req, res) => sendError(res, 404, ErrorCode.NotFound, "Only /metrics is served here."));
  return http.createServer(app);
}

function bearerIs(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
