// Append-only typed arrays for the cut log. A session logs every cut it ever
// made (tens of thousands, 150 entries each on bench/large): as number[] that
// cost 8 bytes an entry plus growth slack, and index arrays need only 4.

type Typed = Float64Array | Int32Array;

export class Growable<T extends Typed> {
  private buffer: T;
  private size = 0;

  constructor(private readonly make: (capacity: number) => T) {
    this.buffer = make(64);
  }

  get length(): number {
    return this.size;
  }

  /** The entries so far (a view: valid until the next push). */
  get data(): T {
    return this.buffer.subarray(0, this.size) as T;
  }

  get(i: number): number {
    return this.buffer[i];
  }

  push(value: number): void {
    this.reserve(1);
    this.buffer[this.size++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.buffer.set(values, this.size);
    this.size += values.length;
  }

  private reserve(more: number): void {
    if (this.size + more <= this.buffer.length) return;
    const grown = this.make(Math.max(this.size + more, Math.ceil(this.buffer.length * 1.5)));
    grown.set(this.buffer.subarray(0, this.size));
    this.buffer = grown;
  }
}

export const growableF64 = () => new Growable((n) => new Float64Array(n));
export const growableI32 = () => new Growable((n) => new Int32Array(n));
