// What every reply carries and who may ask: security headers (helmet) on
// every reply, CORS only for the origins configured (none by default: a
// browser page elsewhere cannot call the API), and the API-key check
// (auth.ts). One function, so app.ts registers it with one line, before the
// routes.

import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { registerAuth } from './auth.js';

export async function registerSecurity(
  app: FastifyInstance,
  config: Pick<Config, 'apiKeys' | 'publicMetrics' | 'publicDocs' | 'corsOrigins'>,
): Promise<void> {
  // helmet's defaults (CSP default-src 'self', nosniff, frame-ancestors, HSTS,
  // no referrer, same-origin resource policy). The explorer page sets its own,
  // stricter CSP (routes/web.ts), which replaces this one on its HTML.
  // Without upgrade-insecure-requests: the service is often reached over plain
  // HTTP (loopback, a LAN), where it would send /docs's own scripts to https.
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: true, directives: { 'upgrade-insecure-requests': null } },
  });
  if (config.corsOrigins.length > 0) {
    await app.register(fastifyCors, {
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Last-Event-ID'],
      exposedHeaders: ['Location', 'Retry-After', 'Content-Disposition'],
      maxAge: 600,
    });
  }
  registerAuth(app, { keys: config.apiKeys, publicMetrics: config.publicMetrics, publicDocs: config.publicDocs });
}
