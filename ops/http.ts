import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from './logger.js';

/** Request id (taken from X-Request-Id when sane) and one log line per request: method, route, status, time. */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const id = incoming && /^[A-Za-z0-9._-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    (req as Request & { id?: string }).id = id;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (req.path === '/healthz' || req.path === '/readyz') return;
      logger.info({ requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}

/** The one JSON error body every route answers with: a stable code, never a stack or an internal message. */
export function sendError(res: Response, status: number, error: string): void {
  if (res.headersSent) return;
  res.status(status).json({ error });
}

/**
 * JSON body parsing that fails closed and first: a wrong content type is 415, malformed JSON 400, an oversized
 * body 413, a body that is not a JSON object 400 — each as a short JSON body, before any other middleware runs.
 */
export function jsonBody(limit: string) {
  const parse = express.json({ limit, strict: true });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('application/json')) return sendError(res, 415, 'expected a JSON body (content-type: application/json)');
    parse(req, res, (error?: unknown) => {
      if (error) {
        const status = (error as { status?: number; type?: string }).type === 'entity.too.large' ? 413 : 400;
        return sendError(res, status, status === 413 ? 'body too large' : 'malformed JSON body');
      }
      const body: unknown = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'expected a JSON object');
      next();
    });
  };
}

/**
 * Last in the chain: whatever a route threw becomes a JSON answer. Client errors the body parsers raise keep
 * their 4xx status; anything else is a 500 with no detail. The log line names the error class, never a stack.
 */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = error as { status?: number; statusCode?: number; type?: string; name?: string };
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, status === 413 ? 'body too large' : 'bad request');
    }
    logger.error({ method: req.method, path: req.path, err: { name: e.name ?? 'Error' } }, 'request failed');
    sendError(res, 500, 'internal error');
  };
}
