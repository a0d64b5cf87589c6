// Who is calling: with API keys configured (src/tenants/api-keys.ts) every
// /v1 route but the health check needs `Authorization: Bearer <key>`, and the
// key's name becomes request.tenant, the owner of the jobs it submits.
// /metrics and /docs are keyed too unless configured public; the explorer's
// static page is public (it holds no data). Without keys every request is
// the one anonymous tenant, as before keys existed.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NO_TENANT } from '../jobs/job-queue.js';
import { ApiKeyRing, type ApiKey } from '../tenants/api-keys.js';
import { DOCS_PREFIX } from './docs.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the API key's name, or NO_TENANT when the service has no keys */
    tenant: string;
  }
}

export interface AuthOptions {
  keys: readonly ApiKey[];
  publicMetrics: boolean;
  publicDocs: boolean;
}

const PUBLIC_API = new Set(['/v1/health']);

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const ring = new ApiKeyRing(options.keys);
  app.decorateRequest('tenant', NO_TENANT);
  if (!ring.enabled) return;
  const needsKey = (path: string): boolean => {
    if (PUBLIC_API.has(path)) return false;
    if (path === '/v1' || path.startsWith('/v1/')) return true;
    if (path === '/metrics') return !options.publicMetrics;
    if (path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) return !options.publicDocs;
    return false;
  };
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'OPTIONS' || !needsKey(request.url.split('?')[0])) return done();
    try {
      request.tenant = tenantOf(request, ring);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

function tenantOf(request: FastifyRequest, ring: ApiKeyRing): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') throw new HttpError('UNAUTHORIZED');
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw new HttpError('UNAUTHORIZED', 'The Authorization header must be "Bearer <key>"');
  const tenant = ring.tenantOf(match[1]);
  if (tenant === null) throw new HttpError('UNAUTHORIZED', 'The API key is not valid');
  return tenant;
}
