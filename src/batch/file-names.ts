// File names for a batch's variations: readable, safe on every common file
// system, and unique even where the file system ignores case, so `lodestone
// batch` can find a variation's result again when it resumes.

const MAX_LENGTH = 120;
/** Names Windows reserves whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

export function safeFileName(name: string): string {
  let safe = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._=+-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, MAX_LENGTH);
  if (safe === '') safe = 'variation';
  if (RESERVED.test(safe)) safe = `_${safe}`;
  return safe;
}

/** One file name per variation name, in order; a clash (after case folding) gets -2, -3, ... */
export function safeFileNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = safeFileName(name);
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
