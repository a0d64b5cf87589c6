// A pass over MessagePack bytes, before any decoder sees them, that refuses
// what a problem never holds and what made the service hang or crash
// (issue 11): extension types (msgpackr's structured-clone ids and pointers
// build cyclic or shared values; its BigInt, Date, RegExp, Set, Error and
// record extensions build values no schema expects), binary strings, integers
// beyond +-2^53, non-string map keys, prototype keys, and documents deeper,
// longer or larger than the decode limits. It is iterative, reads each byte
// once, and allocates one frame per open container, so a hostile body costs
// at most its own length.

import type { DecodeLimits } from '../domain/limits.js';
import { childPath } from '../domain/json-path.js';
import { refusedKeyMessage } from './refused-keys.js';

/** Why the bytes were refused, with the JSON path of the value at fault. */
export class MsgpackRefusal extends Error {
  override readonly name = 'MsgpackRefusal';

  constructor(
    message: string,
    /** true: the bytes are not MessagePack at all; false: valid MessagePack that is refused */
    readonly malformed = false,
  ) {
    super(message);
  }
}

interface Frame {
  /** values (map: keys and values) still to read in this container */
  remaining: number;
  isMap: boolean;
  /** the path of the container itself */
  path: string;
  /** arrays: index of the next element; maps: the key just read */
  index: number;
  key: string;
}

const EXTENSION_NAMES: Record<number, string> = {
  0x42: 'a BigInt',
  0x62: 'bundled strings',
  0x65: 'an Error',
  0x69: 'a structured-clone id (shared or cyclic value)',
  0x70: 'a structured-clone pointer (shared or cyclic value)',
  0x72: 'a record definition',
  0x73: 'a Set',
  0x74: 'a typed array',
  0x78: 'a RegExp',
  0xff: 'a timestamp',
};

const MAX_SAFE = 2 ** 53 - 1;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Checks `bytes` is one MessagePack value within `limits` and free of everything refused above. */
export function scanMsgpack(bytes: Uint8Array, limits: DecodeLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  const stack: Frame[] = [];
  let pos = 0;
  let nodes = 0;

  const need = (n: number, path: string) => {
    if (pos + n > end) throw new MsgpackRefusal(`the data ends in the middle of the value at ${path}`, true);
  };
  const pathOfNext = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '$';
    return top.isMap ? childPath(top.path, top.key) : childPath(top.path, top.index);
  };
  /** A map key: its text, after the length prefix at `pos`. */
  const readKey = (path: string): string => {
    const token = bytes[pos++];
    let length: number;
    if (token >= 0xa0 && token <= 0xbf) length = token - 0xa0;
    else if (token === 0xd9) {
      need(1, path);
      length = bytes[pos++];
    } else if (token === 0xda) {
      need(2, path);
      length = view.getUint16(pos);
      pos += 2;
    } else if (token === 0xdb) {
      need(4, path);
      length = view.getUint32(pos);
      pos += 4;
    } else throw new MsgpackRefusal(`a map at ${path} has a key that is not a string; keys must be strings`);
    need(length, path);
    const key = utf8.decode(bytes.subarray(pos, pos + length));
    pos += length;
    return key;
  };

  for (;;) {
    const top = stack[stack.length - 1];
    if (top !== undefined && top.remaining === 0) {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent !== undefined && !parent.isMap) parent.index++;
      continue;
    }
    if (top === undefined && nodes > 0) break;
    if (top?.isMap) {
      if (pos >= end) throw new MsgpackRefusal(`the data ends in the middle of the map at ${top.path}`, true);
      top.key = readKey(top.path);
      const refused = refusedKeyMessage(top.key);
      if (refused) throw new MsgpackRefusal(`${childPath(top.path, top.key)}: ${refused}`);
    }
    const path = pathOfNext();
    if (pos >= end) throw new MsgpackRefusal(`the data ends before the value at ${path}`, true);
    if (++nodes > limits.maxNodes)
      throw new MsgpackRefusal(`the document has more than ${limits.maxNodes} values (at ${path})`);
    const token = bytes[pos++];
    let children = -1;
    let isMap = false;
    if (token <= 0x7f || token >= 0xe0 || token === 0xc0 || token === 0xc2 || token === 0xc3) {
      // fixint, nil, booleans: nothing more to read
    } else if (token <= 0x8f) {
      children = token - 0x80;
      isMap = true;
    } else if (token <= 0x9f) children = token - 0x90;
    else if (token <= 0xbf) skip(token - 0xa0);
    else if (token === 0xdc || token === 0xdd || token === 0xde || token === 0xdf) {
      const wide = token === 0xdd || token === 0xdf;
      need(wide ? 4 : 2, path);
      children = wide ? view.getUint32(pos) : view.getUint16(pos);
      pos += wide ? 4 : 2;
      isMap = token >= 0xde;
    } else if (token === 0xd9 || token === 0xda || token === 0xdb) {
      const width = token === 0xd9 ? 1 : token === 0xda ? 2 : 4;
      need(width, path);
      const length = width === 1 ? bytes[pos] : width === 2 ? view.getUint16(pos) : view.getUint32(pos);
      pos += width;
      skip(length);
    } else if (token === 0xca) skip(4);
    else if (token === 0xcb) skip(8);
    else if (token === 0xcc || token === 0xd0) skip(1);
    else if (token === 0xcd || token === 0xd1) skip(2);
    else if (token === 0xce || token === 0xd2) skip(4);
    else if (token === 0xcf || token === 0xd3) {
      need(8, path);
      const value = token === 0xcf ? view.getBigUint64(pos) : view.getBigInt64(pos);
      if (value > BigInt(MAX_SAFE) || value < -BigInt(MAX_SAFE))
        throw new MsgpackRefusal(
          `${path} is the integer ${value}, beyond +-2^53; a BigInt is refused: send a number (float 64) or a safe integer`,
        );
      pos += 8;
    } else if (token === 0xc4 || token === 0xc5 || token === 0xc6) {
      throw new MsgpackRefusal(`${path} is binary data (bin); a problem holds only maps, lists, strings and numbers`);
    } else if ((token >= 0xd4 && token <= 0xd8) || (token >= 0xc7 && token <= 0xc9)) {
      const type = extensionType(token, path);
      const what = EXTENSION_NAMES[type] ?? 'an extension value';
      throw new MsgpackRefusal(
        `${path} is ${what} (MessagePack extension type 0x${type.toString(16).padStart(2, '0')}); extension types are refused`,
      );
    } else {
      throw new MsgpackRefusal(`${path} starts with byte 0x${token.toString(16)}, which MessagePack never uses`, true);
    }

    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.remaining--;
    if (children >= 0) {
      if (stack.length + 1 > limits.maxDepth)
        throw new MsgpackRefusal(`${path} nests deeper than ${limits.maxDepth} levels`);
      if (isMap && children > limits.maxKeys)
        throw new MsgpackRefusal(`the map at ${path} has ${children} keys, above the limit of ${limits.maxKeys}`);
      if (!isMap && children > limits.maxArrayLength)
        throw new MsgpackRefusal(
          `the list at ${path} has ${children} entries, above the limit of ${limits.maxArrayLength}`,
        );
      // Every entry takes at least one byte: a length the data cannot hold is a lie, refused before any allocation.
      if (children * (isMap ? 2 : 1) > end - pos)
        throw new MsgpackRefusal(
          `the ${isMap ? 'map' : 'list'} at ${path} claims more entries than the data holds`,
          true,
        );
      stack.push({ remaining: children, isMap, path, index: 0, key: '' });
    } else if (parent !== undefined && !parent.isMap) parent.index++;
    if (stack.length === 0) break;
  }
  if (pos !== end) throw new MsgpackRefusal(`${end - pos} bytes follow the end of the document`, true);

  function skip(n: number): void {
    need(n, pathOfNext());
    pos += n;
  }

  function extensionType(token: number, at: string): number {
    // fixext: type follows the token; ext 8/16/32: after a 1, 2 or 4 byte length.
    const lengthBytes = token === 0xc7 ? 1 : token === 0xc8 ? 2 : token === 0xc9 ? 4 : 0;
    need(lengthBytes + 1, at);
    return bytes[pos + lengthBytes];
  }
}
