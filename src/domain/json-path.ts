// The service's JSON path notation, `$.a[0].b`, in which every error and
// warning names the field it is about. One place, because the editor, the
// decoders and the validation passes must all write a path the same way.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.a[0].b`, with keys that are not identifiers quoted: `bom["nd-pr"]`. */
export function childPath(base: string, key: PropertyKey): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const name = String(key);
  return IDENTIFIER.test(name) ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}

export function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, key) => childPath(path, key), '$');
}
