import {
  assessTarget,
  latestReportedYear,
  summarize,
  type Observation,
} from '../assessment/assessment';
import { assessAllocations } from '../assessment/allocation';
import type { StoredEvent } from '../event-store/event-store.port';
import type { ResolutionEvent } from '../workflows/resolution/resolution.events';
import type { ReviewEvent } from '../workflows/review/review.events';
import { parseStream } from '../workflows/shared/streams';
import { foldObligationFacts } from '../workflows/task/reporting-obligations';
import type { TaskEvent } from '../workflows/task/task.events';
import type { OrgUnitEvent } from '../workflows/org-unit/org-unit.events';
import type { ReadModelWriter, ResolutionDoc, ReviewDoc, TaskDoc } from './documents';

type DomainEvent = ResolutionEvent | TaskEvent | ReviewEvent | OrgUnitEvent;

/**
 * The one projection behind every query. Idempotent by construction: each document keeps the
 * revision of the last event applied to it, and an event at or below that revision is skipped.
 * Live target assessments are recomputed once per batch for each resolution whose values moved.
 */
export function projectBatch(w: ReadModelWriter, events: StoredEvent[]): void {
  const valuesMoved = new Set<string>();
  for (const e of events) applyEvent(w, e, valuesMoved);
  for (const id of valuesMoved) {
    const doc = w.getResolution(id);
    if (!doc) continue;
    refreshLiveAssessments(w, doc);
    w.putResolution(doc);
  }
}

function applyEvent(w: ReadModelWriter, stored: StoredEvent, valuesMoved: Set<string>): void {
  const event = { type: stored.type, data: stored.data } as DomainEvent;
  const revision = Number(stored.revision);
  const position = stored.position.toString();
  const at = stored.metadata.occurredAt;
  const commandId = stored.metadata.commandId;
  const command = stored.metadata['command'];
  const fingerprint = stored.metadata['commandFingerprint'];
  const resultId = stored.metadata['resultId'];
  if (commandId && typeof command === 'string' && typeof fingerprint === 'string')
    w.putCommand({ commandId, command, fingerprint, resultId: String(resultId ?? ''), position });

  const stream = parseStream(stored.streamId);
  if (stream?.kind === 'resolution') {
    const existing = w.getResolution(stream.id);
    if (existing && revision <= existing.version) return;
    const doc = applyResolution(existing, event as ResolutionEvent, position, at, stored);
    if (!doc) return;
    if (event.type === 'ResolutionSuperseded') {
      const replacement = w.getResolution(event.data.supersededBy);
      if (replacement && !(replacement.supersedes ?? []).includes(doc.id)) {
        replacement.supersedes = [...(replacement.supersedes ?? []), doc.id];
        w.putResolution(replacement);
      }
    }
    if (event.type === 'ResolutionDrafted' && doc.parentId) {
      const parent = w.getResolution(doc.parentId);
      if (parent && !parent.childIds.includes(doc.id)) {
        parent.childIds.push(doc.id);
        w.putResolution(parent);
      }
    }
    doc.version = revision;
    doc.lastPosition = position;
    doc.updatedAt = at;
    if (
      event.type === 'TargetDefined' ||
      event.type === 'TargetAmended' ||
      event.type === 'TargetAllocated'
    )
      valuesMoved.add(doc.id);
    w.putResolution(doc);
  } else if (stream?.kind === 'task') {
    const existing = w.getTask(stream.id);
    if (existing && revision <= existing.version) return;
    const doc = applyTask(w, existing, event as TaskEvent, position, at, stored);
    if (!doc) return;
    // The same fold the timer runner uses, so obligations and report timers agree.
    const reporting = foldObligationFacts(doc.reporting ?? null, { ...event, occurredAt: at });
    doc.reporting = reporting?.frequency === 'NONE' ? null : reporting;
    doc.version = revision;
    doc.updatedAt = at;
    w.putTask(doc);
    const resolution = w.getResolution(doc.resolutionId);
    if (resolution) {
      if (event.type === 'TaskAssigned' && !resolution.taskIds.includes(doc.id))
        resolution.taskIds.push(doc.id);
      resolution.lastPosition = position;
      if (event.type === 'ProgressReported' || event.type === 'ReportReturned')
        valuesMoved.add(resolution.id);
      w.putResolution(resolution);
    }
  } else if (stream?.kind === 'orgunit') {
    const id = stream.id;
    const existing = w.getOrgUnit(id);
    if ((existing && revision <= existing.version) || event.type !== 'OrgUnitDefined') return;
    const d = event.data;
    // A redefinition replaces the definition; the unit keeps its place in the lists.
    w.putOrgUnit({
      id,
      seq: existing?.seq ?? position,
      name: d.name,
      kind: d.kind,
      parentId: d.parentId,
      version: revision,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    });
  } else if (stream?.kind === 'review') {
    const existing = w.getReview(stream.id);
    if (existing && revision <= existing.version) return;
    const doc = applyReview(existing, event as ReviewEvent, position, at);
    if (!doc) return;
    doc.version = revision;
    w.putReview(doc);
    if (event.type === 'ReviewHeld') {
      const resolution = w.getResolution(doc.resolutionId);
      if (resolution && !resolution.reviewIds.includes(doc.id)) {
        resolution.reviewIds.push(doc.id);
        w.putResolution(resolution);
      }
    }
  }
}

function applyResolution(
  doc: ResolutionDoc | undefined,
  event: ResolutionEvent,
  position: string,
  at: string,
  stored: StoredEvent,
): ResolutionDoc | undefined {
  if (event.type === 'ResolutionDrafted') {
    const d = event.data;
    return {
      id: d.resolutionId,
      seq: position,
      code: null,
      title: d.title,
      kind: d.kind,
      status: 'DRAFT',
      termStart: d.termStart,
      termEnd: d.termEnd,
      summary: d.summary,
      issuedOn: null,
      signedBy: null,
      parentId: d.parentId,
      version: 0,
      lastPosition: position,
      targets: [],
      taskIds: [],
      reviewIds: [],
      childIds: [],
      opinions: [],
      returns: [],
      supervisionVisits: [],
      withdrawnReason: null,
      supersededBy: null,
      supersedes: [],
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!doc) return undefined;
  switch (event.type) {
    case 'DraftRevised':
      if (event.data.title !== undefined) doc.title = event.data.title;
      if (event.data.summary !== undefined) doc.summary = event.data.summary;
      break;
    case 'TargetDefined': {
      const { resolutionId: _r, targetId, ...def } = event.data;
      // A redefinition replaces the whole definition, its source too.
      const target = { id: targetId, ...def, source: def.source ?? null };
      const index = doc.targets.findIndex((t) => t.id === targetId);
      if (index >= 0) doc.targets[index] = { ...doc.targets[index], ...target };
      else
        doc.targets.push({ ...target, currentValue: null, assessment: 'NO_DATA', amendments: [] });
      break;
    }
    case 'TargetAmended': {
      const target = doc.targets.find((t) => t.id === event.data.targetId);
      if (target) {
        target.amendments.push({
          previousTargetValue: event.data.previousTargetValue,
          targetValue: event.data.targetValue,
          previousDueYear: event.data.previousDueYear,
          dueYear: event.data.dueYear,
          reason: event.data.reason,
          amendedAt: at,
          amendedBy: stored.metadata.actorId,
        });
        target.targetValue = event.data.targetValue;
        target.dueYear = event.data.dueYear;
      }
      break;
    }
    case 'TargetAllocated': {
      const target = doc.targets.find((t) => t.id === event.data.targetId);
      // A new allocation replaces the whole list; its figures follow in this batch.
      if (target)
        target.allocations = event.data.allocations.map((a) => ({
          ...a,
          currentValue: null,
          assessment: 'NO_DATA',
        }));
      break;
    }
    case 'ResolutionSubmittedForReview':
      doc.status = 'IN_REVIEW';
      break;
    case 'ReviewOpinionRecorded': {
      const { resolutionId: _r, ...opinion } = event.data;
      doc.opinions.push({ ...opinion, recordedAt: at });
      break;
    }
    case 'ReviewOpinionHandled': {
      const opinion = doc.opinions.find((o) => o.opinionId === event.data.opinionId);
      if (opinion) {
        opinion.handling = event.data.handling;
        opinion.response = event.data.response;
      }
      break;
    }
    case 'ResolutionReturnedToDraft':
      doc.status = 'DRAFT';
      doc.returns.push({
        reason: event.data.reason,
        returnedAt: at,
        returnedBy: stored.metadata.actorId,
      });
      break;
    case 'ResolutionIssued':
      doc.status = 'ISSUED';
      doc.code = event.data.code;
      doc.issuedOn = event.data.issuedOn;
      doc.signedBy = event.data.signedBy;
      break;
    case 'ResolutionWithdrawn':
      doc.status = 'WITHDRAWN';
      doc.withdrawnReason = event.data.reason;
      break;
    case 'ResolutionSuperseded':
      doc.status = 'SUPERSEDED';
      doc.supersededBy = event.data.supersededBy;
      break;
    case 'ImplementationStarted':
      doc.status = 'IN_IMPLEMENTATION';
      break;
    case 'MidtermReviewHeld':
      doc.status = 'MIDTERM_REVIEWED';
      break;
    case 'FinalEvaluationHeld':
      doc.status = 'FINAL_EVALUATED';
      break;
    case 'SupervisionVisitRecorded': {
      const { resolutionId: _r, ...visit } = event.data;
      doc.supervisionVisits.push(visit);
      break;
    }
  }
  return doc;
}

function applyTask(
  w: ReadModelWriter,
  doc: TaskDoc | undefined,
  event: TaskEvent,
  position: string,
  at: string,
  stored: StoredEvent,
): TaskDoc | undefined {
  if (event.type === 'TaskAssigned') {
    const d = event.data;
    return {
      id: d.taskId,
      seq: position,
      resolutionId: d.resolutionId,
      title: d.title,
      assigneeUnitId: d.assigneeUnitId,
      assigneeMemberId: d.assigneeMemberId,
      targetIds: d.targetIds,
      dueOn: d.dueOn,
      status: 'ASSIGNED',
      version: 0,
      reportCount: 0,
      extensionRequests: [],
      cancelledReason: null,
      fromDirective: d.fromDirective ?? null,
      fromVisitDirective: d.fromVisitDirective ?? null,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!doc) return undefined;
  switch (event.type) {
    case 'TaskAccepted':
      doc.status = 'ACCEPTED';
      break;
    case 'ProgressReported': {
      const d = event.data;
      if (doc.status === 'ACCEPTED') doc.status = 'IN_PROGRESS';
      doc.reportCount++;
      w.addReport({
        id: d.reportId,
        taskId: d.taskId,
        eventId: stored.id,
        position,
        year: d.year,
        percentComplete: d.percentComplete,
        narrative: d.narrative,
        difficulties: d.difficulties,
        proposals: d.proposals,
        measurements: d.measurements,
        reportedAt: at,
        reportedBy: stored.metadata.actorId,
        correctsReportId: d.correctsReportId,
        status: 'SUBMITTED',
        returnReason: null,
        resolutionId: doc.resolutionId,
        assigneeUnitId: doc.assigneeUnitId,
      });
      w.addObservations(doc.resolutionId, observationsOf(stored), d.reportId);
      break;
    }
    case 'ReportApproved':
    case 'ReportReturned': {
      const report = w.getReport(event.data.reportId);
      if (!report) break;
      if (event.type === 'ReportApproved') w.putReport({ ...report, status: 'APPROVED' });
      else {
        w.putReport({ ...report, status: 'RETURNED', returnReason: event.data.reason });
        w.returnReport(doc.resolutionId, report.id);
      }
      break;
    }
    case 'TaskExtensionRequested':
      doc.extensionRequests.push({
        requestedDueOn: event.data.requestedDueOn,
        reason: event.data.reason,
        requestedAt: at,
      });
      break;
    case 'TaskDueDateExtended':
      doc.dueOn = event.data.dueOn;
      break;
    case 'TaskCompleted':
      doc.status = 'COMPLETED';
      break;
    case 'TaskCancelled':
      doc.status = 'CANCELLED';
      doc.cancelledReason = event.data.reason;
      break;
  }
  return doc;
}

/** The values a ProgressReported event carries, as the assessment module counts them. */
export function observationsOf(stored: StoredEvent): Observation[] {
  const data = stored.data as Extract<TaskEvent, { type: 'ProgressReported' }>['data'];
  return data.measurements.map((m) => ({
    targetId: m.targetId,
    year: m.year,
    value: m.value,
    unitKey: data.unitKey,
    eventId: stored.id,
    position: stored.position.toString(),
  }));
}

/** Target.currentValue / assessment: a review covering the latest reported year, held now. */
function refreshLiveAssessments(w: ReadModelWriter, doc: ResolutionDoc): void {
  const observations = w.observations(doc.id);
  const year = latestReportedYear(observations);
  const byTarget = new Map<string, Observation[]>();
  for (const o of observations) {
    const list = byTarget.get(o.targetId);
    if (list) list.push(o);
    else byTarget.set(o.targetId, [o]);
  }
  for (const target of doc.targets) {
    const own = byTarget.get(target.id) ?? [];
    if (target.allocations)
      target.allocations = assessAllocations(target, target.allocations, own, year);
    if (year === null) {
      target.currentValue = null;
      target.assessment = 'NO_DATA';
      continue;
    }
    const result = assessTarget(target, own, year);
    target.currentValue = result.value;
    target.assessment = result.assessment;
  }
}

function applyReview(
  doc: ReviewDoc | undefined,
  event: ReviewEvent,
  position: string,
  at: string,
): ReviewDoc | undefined {
  if (event.type === 'ReviewHeld') {
    const d = event.data;
    const items = d.items.map((i) => ({ ...i, override: null, justification: null }));
    return {
      id: d.reviewId,
      seq: position,
      resolutionId: d.resolutionId,
      kind: d.kind,
      status: 'OPEN',
      heldOn: d.heldOn,
      coversThroughYear: d.coversThroughYear,
      asOfPosition: d.asOfPosition,
      targets: d.targets,
      items,
      summary: summarize(items.map((i) => i.computed)),
      conclusions: null,
      directives: [],
      version: 0,
      createdAt: at,
    };
  }
  if (!doc) return undefined;
  switch (event.type) {
    case 'TargetAssessed': {
      const item = doc.items.find((i) => i.targetId === event.data.targetId);
      if (item) {
        item.override = event.data.assessment;
        item.justification = event.data.justification;
      }
      doc.summary = summarize(doc.items.map((i) => i.override ?? i.computed));
      break;
    }
    case 'ReviewConcluded':
      doc.status = 'CONCLUDED';
      doc.conclusions = event.data.conclusions;
      doc.directives = event.data.directives;
      break;
  }
  return doc;
}
