/** A stream's folded state and the revision of the last event folded in (-1: no stream). */
export interface Loaded<S> {
  state: S;
  revision: number;
}

/**
 * Folded states kept between commands, least recently used dropped first. States are
 * immutable, so a cached one is only ever extended by the events stored after it.
 */
export class StateCache {
  private readonly states = new Map<string, Loaded<unknown>>();

  constructor(private readonly size = 10_000) {}

  get<S>(streamId: string): Loaded<S> | undefined {
    return this.states.get(streamId) as Loaded<S> | undefined;
  }

  put<S>(streamId: string, loaded: Loaded<S>): void {
    if (loaded.revision < 0) return;
    this.states.delete(streamId);
    this.states.set(streamId, loaded);
    if (this.states.size > this.size) this.states.delete(this.states.keys().next().value as string);
  }
}
