import type { Actor } from '../../../../libs/workflows/shared/actor';

/** What every resolver gets: the verified actor and the ids that tie its events together. */
export interface GqlContext {
  actor: Actor;
  correlationId: string | null;
}
