// The two wire formats of the API, JSON and MessagePack (MODEL.md section 2):
// choosing one from Accept, and encoding a reply body in it. Every reply of
// the /v1 routes, errors included, goes out through sendBody.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { Packr } from 'msgpackr';

export type WireFormat = 'json' | 'msgpack';

export const JSON_TYPE = 'application/json';
export const MSGPACK_TYPE = 'application/msgpack';
/** The type used before application/msgpack was registered (2025), still sent by many clients. */
export const MSGPACK_LEGACY_TYPE = 'application/x-msgpack';
/** Every other name clients send MessagePack under, read as application/msgpack (in bodies and in Accept). */
export const MSGPACK_ALIASES = [MSGPACK_LEGACY_TYPE, 'application/vnd.msgpack'];

// Plain MessagePack any decoder reads: no msgpackr records or structure
// extensions, no typed-array extensions; undefined is left out of maps and
// written as nil elsewhere, as JSON.stringify would drop or null it.
// (`skipValues` is in msgpackr since 1.11 but not yet in its typings.)
const packOptions = {
  useRecords: false,
  moreTypes: false,
  bundleStrings: false,
  encodeUndefinedAsNil: true,
  skipValues: [undefined],
};
const packr = new Packr(packOptions);

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part, order) => {
      const [range, ...params] = part.trim().split(';');
      const [type = '', subtype = ''] = range.trim().toLowerCase().split('/');
      const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { type, subtype, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type !== '' && r.subtype !== '');
}

/** How well `mediaType` matches a range: 3 exact, 2 type/*, 1 *\/*, 0 not at all. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  if (range.type === type && range.subtype === subtype) return 3;
  if (range.type === type && range.subtype === '*') return 2;
  if (range.type === '*' && range.subtype === '*') return 1;
  return 0;
}

/**
 * The format the client prefers, or null if it accepts neither. No Accept
 * header, or an equal preference, means JSON; among equals, the one the
 * client listed first wins.
 */
export function negotiateFormat(accept: string | undefined): WireFormat | null {
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = parseAccept(accept);
  const score = (mediaTypes: string[]) => {
    let best: { q: number; specificity: number; order: number } | null = null;
    for (const mediaType of mediaTypes) {
      for (const range of ranges) {
        const s = specificity(range, mediaType);
        // RFC 9110: the most specific matching range decides the quality.
        if (s > 0 && (best === null || s > best.specificity || (s === best.specificity && range.order < best.order))) {
          best = { q: range.q, specificity: s, order: range.order };
        }
      }
    }
    return best;
  };
  const json = score([JSON_TYPE]);
  const msgpack = score([MSGPACK_TYPE, ...MSGPACK_ALIASES]);
  const jsonQ = json?.q ?? 0;
  const msgpackQ = msgpack?.q ?? 0;
  if (jsonQ <= 0 && msgpackQ <= 0) return null;
  if (msgpackQ > jsonQ) return 'msgpack';
  if (jsonQ > msgpackQ) return 'json';
  // Equal quality: the more specific mention, then the earlier one.
  if (msgpack!.specificity !== json!.specificity) return msgpack!.specificity > json!.specificity ? 'msgpack' : 'json';
  return msgpack!.order < json!.order ? 'msgpack' : 'json';
}

/**
 * The quality Accept gives `mediaType`: that of its most specific matching
 * range (RFC 9110), 0 if none matches; no Accept header accepts anything (1).
 */
export function acceptQuality(accept: string | undefined, mediaType: string): number {
  if (accept === undefined || accept.trim() === '') return 1;
  let best: { q: number; specificity: number } | null = null;
  for (const range of parseAccept(accept)) {
    const s = specificity(range, mediaType);
    if (s > 0 && (best === null || s > best.specificity)) best = { q: range.q, specificity: s };
  }
  return best?.q ?? 0;
}

export function encodeBody(format: WireFormat, body: unknown): { contentType: string; payload: string | Buffer } {
  return format === 'msgpack'
    ? { contentType: MSGPACK_TYPE, payload: packr.pack(body) }
    : { contentType: `${JSON_TYPE}; charset=utf-8`, payload: JSON.stringify(body) };
}

/** Sends `body` in the format the request's Accept header prefers (JSON if it accepts neither). */
export function sendBody(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown): FastifyReply {
  const { contentType, payload } = encodeBody(negotiateFormat(request.headers.accept) ?? 'json', body);
  return reply.code(status).header('vary', 'Accept').type(contentType).send(payload);
}
