import { createHash } from 'node:crypto';
import type { StoredEvent } from '../../event-store/event-store.port';
import { canonicalJson } from '../../event-store/event-hash';
import type { ReadModelStore } from '../../read-models/read-model.port';
import type { ProjectionProgress } from '../../read-models/projection-progress';
import { implementationStartProcess } from '../../workflows/implementation-start/implementation-start.process';
import type { StartImplementation } from '../../workflows/implementation-start/implementation-start.process';
import { resolutionDecider } from '../../workflows/resolution/resolution.decider';
import { reviewOpeningProcess } from '../../workflows/review-opening/review-opening.process';
import type { OpenHeldReview } from '../../workflows/review-opening/review-opening.process';
import { reviewDecider } from '../../workflows/review/review.decider';
import { SYSTEM_ACTOR } from '../../workflows/shared/actor';
import type { Process, ProcessCommand } from '../../workflows/shared/process';
import type { EventStore } from '../../event-store/event-store.port';
import type { Clock } from '../clock';
import type { CommandEnvelope } from '../command-envelope';
import { gatherEvidence } from '../review/review-evidence';
import { StreamRunner } from '../stream-runner';
import { ProcessRunner, type FollowUpProgress, type ProcessLogger } from './process-runner';

/** Every process of DOMAIN.md ("What the engine does by itself"). */
export const PROCESSES: readonly Process[] = [implementationStartProcess, reviewOpeningProcess];

type EngineCommand = StartImplementation | OpenHeldReview;

/** A process's command as the write side sees it: SYSTEM acting, caused by the stored event. */
function systemEnvelope(pc: ProcessCommand<EngineCommand>): CommandEnvelope {
  const payload = { ...pc.command, streamId: pc.streamId };
  return {
    commandId: pc.commandId,
    correlationId: pc.correlationId ?? pc.causationId,
    causationId: pc.causationId,
    actor: SYSTEM_ACTOR,
    command: pc.command.type,
    fingerprint: createHash('sha256')
      .update(
        canonicalJson(
          JSON.parse(
            JSON.stringify(payload, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
          ),
        ),
      )
      .digest('hex'),
    expectedVersion: null,
  };
}

/** Sends process commands through the same runner as people's commands, one stream each. */
export function processCommandSender(runner: StreamRunner) {
  return async (pc: ProcessCommand, _event: StoredEvent): Promise<void> => {
    const command = pc.command as EngineCommand;
    const env = systemEnvelope(pc as ProcessCommand<EngineCommand>);
    switch (command.type) {
      case 'StartImplementation':
        await runner.run({
          streamId: pc.streamId,
          decider: resolutionDecider,
          env,
          system: true,
          build: () => ({ ...runner.context(env), ...command }),
          resultId: () => command.resolutionId,
        });
        return;
      case 'OpenHeldReview': {
        const { evidenceThrough, type: _t, ...held } = command;
        await runner.run({
          streamId: pc.streamId,
          decider: reviewDecider,
          env,
          system: true,
          build: async () => ({
            ...runner.context(env),
            ...held,
            type: 'OpenReview' as const,
            ...(await gatherEvidence(runner.store, command.resolutionId, evidenceThrough)),
          }),
          resultId: () => command.reviewId,
        });
        return;
      }
    }
  };
}

/**
 * The write side with its processes in this process: the runner people's commands go through,
 * and the process runner that sends the follow-ups through it.
 */
export function writeSide(
  store: EventStore,
  readModels: ReadModelStore,
  projector: ProjectionProgress,
  clock: Clock,
  logger?: ProcessLogger,
  followUps?: FollowUpProgress,
): { runner: StreamRunner; processes: ProcessRunner } {
  const processes = new ProcessRunner(PROCESSES, store, readModels, logger);
  const runner = new StreamRunner(store, projector, followUps ?? processes, clock);
  processes.attach(processCommandSender(runner));
  return { runner, processes };
}
