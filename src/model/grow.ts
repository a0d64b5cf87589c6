// Append-only typed-array buffers: the LP builder emits entries column by column
// without knowing the final count, and typed arrays keep 80k-column models cheap.

type NumericArray = Float64Array | Int32Array;

class Growable<A extends NumericArray> {
  private data: A;
  length = 0;
  constructor(
    private readonly make: (size: number) => A,
    capacity: number,
  ) {
    this.data = make(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): A {
    return this.data.slice(0, this.length) as A;
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity = 1024) {
    super((n) => new Float64Array(n), capacity);
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity = 1024) {
    super((n) => new Int32Array(n), capacity);
  }
}
