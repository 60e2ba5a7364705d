/**
 * Events of a `resolution-<id>` stream. Type names are stored forever: never rename one;
 * add optional fields instead of changing the meaning of existing ones.
 */
import type { Comparison, TargetKind } from '../../assessment/assessment';

export const RESOLUTION_KINDS = [
  'CONGRESS',
  'THEMATIC',
  'ANNUAL',
  'ACTION_PROGRAMME',
  'CONCLUSION',
  'DIRECTIVE',
] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export type ResolutionStatus =
  | 'DRAFT'
  | 'IN_REVIEW'
  | 'ISSUED'
  | 'IN_IMPLEMENTATION'
  | 'MIDTERM_REVIEWED'
  | 'FINAL_EVALUATED'
  | 'WITHDRAWN'
  | 'SUPERSEDED';

export interface TargetDefinition {
  targetId: string;
  code: string;
  group: string;
  name: string;
  unit: string;
  kind: TargetKind;
  comparison: Comparison;
  baseline: string | null;
  baselineYear: number;
  targetValue: string;
  dueYear: number;
  /** Provenance: the article or document and place the figure comes from, or `minh họa`. */
  source?: string | null;
}

export type ResolutionEvent =
  | {
      type: 'ResolutionDrafted';
      data: {
        resolutionId: string;
        title: string;
        kind: ResolutionKind;
        termStart: number;
        termEnd: number;
        parentId: string | null;
        summary: string | null;
      };
    }
  | {
      type: 'DraftRevised';
      data: { resolutionId: string; title?: string; summary?: string | null };
    }
  | { type: 'TargetDefined'; data: TargetDefinition & { resolutionId: string } }
  | { type: 'ResolutionSubmittedForReview'; data: { resolutionId: string } }
  | {
      type: 'ReviewOpinionRecorded';
      data: {
        resolutionId: string;
        opinionId: string;
        givenBy: string;
        opinion: string;
        handling: 'ACCEPTED' | 'EXPLAINED' | null;
        response: string | null;
      };
    }
  | {
      /** A handling (tiếp thu / giải trình) given later to an opinion recorded without one. */
      type: 'ReviewOpinionHandled';
      data: {
        resolutionId: string;
        opinionId: string;
        handling: 'ACCEPTED' | 'EXPLAINED';
        response: string;
      };
    }
  | { type: 'ResolutionReturnedToDraft'; data: { resolutionId: string; reason: string } }
  | {
      type: 'ResolutionIssued';
      data: { resolutionId: string; code: string; issuedOn: string; signedBy: string };
    }
  | {
      type: 'TargetAmended';
      data: {
        resolutionId: string;
        targetId: string;
        previousTargetValue: string;
        targetValue: string;
        previousDueYear: number;
        dueYear: number;
        reason: string;
      };
    }
  /** The split of a target across units now in force (it replaces the whole previous list). */
  | {
      type: 'TargetAllocated';
      data: {
        resolutionId: string;
        targetId: string;
        allocations: Array<{ unitId: string; value: string }>;
      };
    }
  | { type: 'ResolutionWithdrawn'; data: { resolutionId: string; reason: string } }
  | {
      type: 'ResolutionSuperseded';
      data: { resolutionId: string; supersededBy: string; reason: string };
    }
  | { type: 'ImplementationStarted'; data: { resolutionId: string; firstTaskId: string } }
  | {
      type: 'MidtermReviewHeld' | 'FinalEvaluationHeld';
      data: { resolutionId: string; reviewId: string; heldOn: string; coversThroughYear: number };
    }
  | {
      type: 'SupervisionVisitRecorded';
      data: {
        resolutionId: string;
        visitId: string;
        visitedOn: string;
        body: string;
        findings: string;
        conclusions: string[];
        directives: string[];
      };
    };

export type ResolutionEventType = ResolutionEvent['type'];
