/**
 * Commands on one stream in this process queue up rather than race: without expectedVersion a
 * caller must never see CONCURRENCY_CONFLICT however many arrive at once. (Writers in other
 * processes are met by the expected-revision check and a retry.)
 */
export class StreamQueue {
  /** The tail of each stream's queue. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier holder of the stream's place in this process is done. */
  async run<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(streamId, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    }
  }
}
