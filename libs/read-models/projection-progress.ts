/** How far the read models are: what read-your-writes waits on, wherever projections run. */
export interface ProjectionProgress {
  readonly checkpoint: bigint;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the read models reflect every event up to `position`. */
  waitFor(position: bigint): Promise<void>;
}
