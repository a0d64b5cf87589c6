// Which format a problem document is in, from its name or its first bytes.
// Free of Node APIs: the CLI, the service and the explorer page share it.

export type ProblemFormat = 'json' | 'msgpack';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A JSON problem starts with `{` (or `[`), bytes no MessagePack map can start with. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  let i = UTF8_BOM.every((b, k) => bytes[k] === b) ? UTF8_BOM.length : 0;
  while (i < bytes.length && WHITESPACE.has(bytes[i])) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

/** The format a file name's extension names, if any: .json, .msgpack, .mpk. */
export function formatFromPath(path: string): ProblemFormat | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  // as node:path's extname: a leading dot (".json") names a hidden file, not an extension
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  if (ext === '.json') return 'json';
  if (ext === '.msgpack' || ext === '.mpk') return 'msgpack';
  return undefined;
}

/** The extension's format, else JSON if the bytes start with `{` or `[`, else MessagePack. */
export function formatOf(path: string, bytes: Uint8Array): ProblemFormat {
  return formatFromPath(path) ?? (looksLikeJson(bytes) ? 'json' : 'msgpack');
}
