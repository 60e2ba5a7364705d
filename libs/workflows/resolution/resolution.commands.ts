import type { CommandContext } from '../shared/actor';
import type { Comparison, TargetKind } from '../../assessment/assessment';
import type { ResolutionKind, ResolutionStatus } from './resolution.events';

export type ResolutionCommand = CommandContext &
  (
    | {
        type: 'DraftResolution';
        resolutionId: string;
        title: string;
        kind: ResolutionKind;
        termStart: number;
        termEnd: number;
        parentId: string | null;
        summary: string | null;
      }
    | { type: 'ReviseDraft'; title?: string; summary?: string | null }
    | {
        type: 'DefineTarget';
        /** Used only when the code is new; redefining a code keeps its id. */
        newTargetId: string;
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
        /** Where the figure comes from (article, document and place), or `minh họa`. */
        source?: string | null;
      }
    | { type: 'SubmitForReview' }
    | {
        type: 'RecordReviewOpinion';
        opinionId: string;
        givenBy: string;
        opinion: string;
        handling: 'ACCEPTED' | 'EXPLAINED' | null;
        response: string | null;
      }
    | {
        type: 'RecordOpinionHandling';
        /** The opinion to handle (the client's input, not a new id). */
        opinionId: string;
        handling: 'ACCEPTED' | 'EXPLAINED';
        response: string;
      }
    | { type: 'ReturnToDraft'; reason: string }
    | { type: 'IssueResolution'; code: string; issuedOn: string; signedBy: string }
    | {
        type: 'AmendTarget';
        targetId: string;
        targetValue: string;
        dueYear?: number;
        reason: string;
      }
    | {
        type: 'AllocateTarget';
        targetId: string;
        allocations: Array<{ unitId: string; value: string }>;
      }
    | { type: 'WithdrawResolution'; reason: string }
    | {
        type: 'SupersedeResolution';
        supersededBy: string;
        reason: string;
        /** The status of the resolution named by supersededBy (read by the handler from its stream). */
        supersededByStatus: 'NONE' | ResolutionStatus;
      }
    | { type: 'StartImplementation'; taskId: string }
    | {
        type: 'HoldReview';
        kind: 'MIDTERM' | 'FINAL';
        reviewId: string;
        heldOn: string;
        coversThroughYear: number;
        /** Whether a review of this resolution is still OPEN (read by the handler from its stream). */
        anotherReviewOpen: boolean;
      }
    | {
        type: 'RecordSupervisionVisit';
        visitId: string;
        visitedOn: string;
        body: string;
        findings: string;
        conclusions: string[];
        directives: string[];
      }
  );

export type ResolutionCommandType = ResolutionCommand['type'];
