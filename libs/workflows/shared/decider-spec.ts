/** given/when/then for deciders: given past events, when a command, then events or a refusal. */
export interface Decider<C, S, E> {
  decide(cmd: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

export function deciderSpec<C, S, E>(decider: Decider<C, S, E>) {
  return (given: E[]) => ({
    when(cmd: C) {
      const run = () => decider.decide(cmd, given.reduce(decider.evolve, decider.initialState));
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
