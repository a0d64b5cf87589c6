// JSON read back in a test (a CLI's stdout, a file it wrote, a reply body),
// typed as what the code under test promises to write, so the test reads
// fields the compiler knows.

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
