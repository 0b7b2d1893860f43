import type http from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { ErrorCode } from "../../shared/errors";
import type { Config } from "../config";
import { sendError } from "./gate";

/**
 * The web edge (issue 8 item 6): which Host names the server answers to, which Origins may send
 * it a state-changing request or open a socket, and that no API answer is ever cached.
 *
 * Why a Host allow-list: a page on evil.example whose name is rebound to 127.0.0.1 is same-origin
 * with itself, so Origin checks pass; only the Host header (`evil.example`) gives it away.
 * Why an Origin check on every non-GET: SameSite=Strict does not help against a page on another
 * *port* of the same host — that is the same site, so the browser sends the cookie.
 */

/** The listening port, read when a request arrives (tests listen on port 0). */
export type PortOf = () => number;

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** Every Host this server answers to, lower case, `name:port` (and bare `name` on 80 or 443). */
export function allowedHosts(config: Config, port: number): Set<string> {
  const names = new Set([config.HOST.toLowerCase(), ...LOOPBACK]);
  const hosts = new Set<string>();
  for (const name of names) {
    const bracketed = name.includes(":") && !name.startsWith("[") ? `[${name}]` : name;
    hosts.add(`${bracketed}:${port}`);
    if (port === 80 || port === 443) hosts.add(bracketed);
  }
  for (const h of config.ALLOWED_HOSTS) hosts.add(h.toLowerCase());
  return hosts;
}

export function hostAllowed(host: string | undefined, config: Config, port: number): boolean {
  return host !== undefined && allowedHosts(config, port).has(host.toLowerCase());
}

/** A browser's Origin: this server's own (on an allowed Host), or one of ALLOWED_ORIGINS. */
export function originAllowed(origin: string, host: string | undefined, config: Config, port: number): boolean {
  if (config.ALLOWED_ORIGINS.includes(origin)) return true;
  if (!host || !hostAllowed(host, config, port)) return false;
  return origin === `http://${host.toLowerCase()}` || origin === `https://${host.toLowerCase()}`;
}

/**
 * The socket.io handshake check (WebSockets are not covered by CORS): an allowed Host always,
 * and, from a browser, an allowed Origin. A client with no Origin is not a browser; its session
 * cookie is still checked by the connection middleware.
 */
export function handshakeAllowed(req: http.IncomingMessage, config: Config, portOf: PortOf): boolean {
  const port = portOf();
  if (!hostAllowed(req.headers.host, config, port)) return false;
  const origin = req.headers.origin;
  return origin === undefined || originAllowed(origin, req.headers.host, config, port);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Middleware for every request: 421 for a Host the server does not answer to. */
export function hostGuard(config: Config, portOf: PortOf) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (hostAllowed(req.headers.host, config, portOf())) return next();
    sendError(res, 421, ErrorCode.BadRequest, "This server does not answer to that host name.");
  };
}

/**
 * Middleware for /api: a non-GET from a browser must carry an allowed Origin (browsers send one
 * on every POST, PUT, PATCH and DELETE); where a browser sends only Sec-Fetch-Site, it must say
 * same-origin. A request with neither is not from a browser, so no other site's page made it.
 */
export function originGuard(config: Config, portOf: PortOf) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const site = req.headers["sec-fetch-site"];
    const ok =
      origin !== undefined ? originAllowed(origin, req.headers.host, config, portOf()) : site === undefined || site === "same-origin";
    if (ok) return next();
    sendError(res, 403, ErrorCode.Forbidden, "Cross-origin request refused.");
  };
}

/** Middleware for /api: nothing the API answers is kept by a browser or a proxy. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader("Cache-Control", "no-store");
  next();
}

/**
 * The /api edge, in order: no-store, the Origin check, then the JSON body (one parser for every
 * router behind it), its errors answered here as JSON.
 */
export function apiEdge(config: Config, portOf: PortOf): express.Router {
  const edge = express.Router();
  edge.use(noStore, originGuard(config, portOf), express.json({ limit: config.MAX_PAYLOAD_BYTES }));
  edge.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === "entity.too.large") return sendError(res, 413, ErrorCode.TooLarge, `Body over ${config.MAX_PAYLOAD_BYTES} bytes.`);
    if (err.status && err.status < 500) return sendError(res, err.status, ErrorCode.BadRequest, err.message);
    next(err);
  });
  return edge;
}
