// Piscina refuses a task when its queue is at maxQueue ("Task queue is at
// limit", see frontier-pool.ts) with a plain Error: the message is the only
// mark. The executor passes it on and the service answers QUEUE_FULL.

export function isPoolQueueFull(error: unknown): boolean {
  return error instanceof Error && /queue is at limit/i.test(error.message);
}
