/** given/when/then for deciders: given past events, when a command, then events or a refusal. */
export interface Decider<C, S, E> {
  /** Role and shape, before any state is read (the runner runs it first). */
  authorize?(cmd: C): void;
  /** Existence and scope on the loaded state, before the replay check. */
  checkAccess?(cmd: C, state: S): void;
  decide(cmd: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

/** The command as the runner handles it, in the contract's order (without I/O or replay). */
export function handle<C, S, E>(decider: Decider<C, S, E>, cmd: C, state: S): E[] {
  decider.authorize?.(cmd);
  decider.checkAccess?.(cmd, state);
  return decider.decide(cmd, state);
}

export function deciderSpec<C, S, E>(decider: Decider<C, S, E>) {
  return (given: E[]) => ({
    when(cmd: C) {
      const run = () => handle(decider, cmd, given.reduce(decider.evolve, decider.initialState));
      return {
        then(expected: E[]): void {
          expect(run()).toEqual(expected);
        },
        thenThrows(errorClass: new (...args: any[]) => Error, message?: RegExp): void {
          expect(run).toThrow(errorClass);
          if (message) expect(run).toThrow(message);
        },
      };
    },
  });
}
