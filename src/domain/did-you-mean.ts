// The nearest known name to a misspelt one, for warnings and messages
// ("unknown field `leadtime`; did you mean `leadTime`?"). Spelling first
// (case, then edit distance); where the spelling is far off but the words say
// the same thing (`toolingCost` for `capacityCost`, whose description says
// "tooling"), the words of a known name and its description count too.

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[a.length][b.length];
}

/** `toolingCost`, `tooling_cost`, `tooling-cost` -> ["tooling", "cost"] */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3);
}

export interface KnownName {
  name: string;
  /** what the name means, in words (a schema description); searched when the spelling is far off */
  description?: string;
}

/** The known name a planner most likely meant, or undefined when none is close. */
export function nearestName(unknown: string, known: readonly (string | KnownName)[]): string | undefined {
  const candidates = known.map((k) => (typeof k === 'string' ? { name: k } : k));
  const lower = unknown.toLowerCase();
  const sameCase = candidates.find((c) => c.name.toLowerCase() === lower);
  if (sameCase) return sameCase.name;

  // Close in spelling: at most a third of the longer name changed (2 for short names).
  let best: { name: string; distance: number } | undefined;
  for (const { name } of candidates) {
    const distance = editDistance(lower, name.toLowerCase());
    const allowed = Math.max(2, Math.floor(Math.max(name.length, unknown.length) / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  if (best) return best.name;

  // Same meaning: every word of the unknown name is a word of the known name or its description,
  // and at least one word of the known name is among them (so a description alone never decides).
  const words = wordsOf(unknown);
  if (words.length === 0) return undefined;
  let byMeaning: { name: string; shared: number } | undefined;
  for (const { name, description } of candidates) {
    const own = new Set(wordsOf(name));
    const all = new Set([...own, ...wordsOf(description ?? '')]);
    if (!words.every((w) => all.has(w)) || !words.some((w) => own.has(w))) continue;
    const shared = words.filter((w) => own.has(w)).length;
    if (!byMeaning || shared > byMeaning.shared) byMeaning = { name, shared };
  }
  return byMeaning?.name;
}
