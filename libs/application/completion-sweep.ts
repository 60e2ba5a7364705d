import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore, StoredEvent } from '../event-store/event-store.port';
import type { ReadModelStore } from '../read-models/read-model.port';
import type { Role } from '../workflows/shared/actor';
import type { CommandEnvelope } from './command-envelope';
import { resolutionStream, taskStream } from './resolution/resolution-context';
import { HoldReviewCommand } from './review/hold-review.command';
import { AssignTaskCommand } from './task/assign-task.command';
import { EVENT_STORE, READ_MODELS } from './tokens';

/** The command an event was written by, as its metadata recorded it. */
function envelopeOf(e: StoredEvent): CommandEnvelope {
  const m = e.metadata;
  return {
    commandId: String(m.commandId),
    correlationId: m.correlationId ?? String(m.commandId),
    causationId: m.causationId ?? null,
    actor: {
      id: m.actorId,
      role: m.actorRole as Role,
      unitId: (m['actorUnitId'] as string | undefined) ?? null,
    },
    command: String(m['command']),
    fingerprint: String(m['commandFingerprint']),
    expectedVersion: null,
  };
}

/**
 * At start-up, finishes commands that a crash cut between their two appends (a review held on
 * the resolution but never written, a first task whose resolution never moved to
 * IN_IMPLEMENTATION) by retrying them on the client's behalf: the same commandId, so the retry
 * path completes them and writes nothing twice.
 */
@Injectable()
export class CompletionSweep {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelStore,
  ) {}

  /** Returns the commandIds it retried; one that fails is reported and the sweep goes on. */
  async run(
    onError: (commandId: string, err: unknown) => void = () => undefined,
  ): Promise<string[]> {
    const completed: string[] = [];
    const retry = async (e: StoredEvent, command: object) => {
      try {
        await this.commands.execute(command);
        completed.push(String(e.metadata.commandId));
      } catch (err) {
        onError(String(e.metadata.commandId), err);
      }
    };
    for (let page = await this.readModels.resolutions({ limit: 500 }); ;) {
      for (const r of page.items) {
        if (r.status === 'ISSUED' && r.taskIds.length > 0) {
          for await (const e of this.store.readStream(taskStream(r.taskIds[0]))) {
            const d = e.data as Record<string, any>;
            await retry(
              e,
              new AssignTaskCommand(envelopeOf(e), { ...d, resolutionId: r.id } as any),
            );
            break;
          }
        }
        if (r.status === 'MIDTERM_REVIEWED' || r.status === 'FINAL_EVALUATED') {
          for await (const e of this.store.readStream(resolutionStream(r.id))) {
            if (e.type !== 'MidtermReviewHeld' && e.type !== 'FinalEvaluationHeld') continue;
            const d = e.data as { reviewId: string; heldOn: string; coversThroughYear: number };
            if (await this.readModels.review(d.reviewId)) continue;
            const kind = e.type === 'MidtermReviewHeld' ? 'MIDTERM' : 'FINAL';
            await retry(
              e,
              new HoldReviewCommand(envelopeOf(e), kind, {
                resolutionId: r.id,
                heldOn: d.heldOn,
                coversThroughYear: d.coversThroughYear,
              }),
            );
          }
        }
      }
      if (!page.hasNextPage) return completed;
      page = await this.readModels.resolutions({
        limit: 500,
        after: page.items[page.items.length - 1].seq,
      });
    }
  }
}
