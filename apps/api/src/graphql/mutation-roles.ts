import { ORG_UNIT_ROLES } from '../../../../libs/workflows/org-unit/org-unit.decider';
import { RESOLUTION_ROLES } from '../../../../libs/workflows/resolution/resolution.decider';
import { REVIEW_ROLES } from '../../../../libs/workflows/review/review.decider';
import { TASK_ROLES } from '../../../../libs/workflows/task/task.decider';
import type { ActorRole } from '../../../../libs/workflows/shared/actor';

/**
 * Who may call each mutation, taken from the deciders' own tables. The API checks it once the
 * operation is known, so a refused role gets FORBIDDEN even when its input is also malformed.
 */
export const MUTATION_ROLES: Record<string, ActorRole[]> = {
  draftResolution: RESOLUTION_ROLES.DraftResolution,
  reviseDraft: RESOLUTION_ROLES.ReviseDraft,
  defineTarget: RESOLUTION_ROLES.DefineTarget,
  submitForReview: RESOLUTION_ROLES.SubmitForReview,
  recordReviewOpinion: RESOLUTION_ROLES.RecordReviewOpinion,
  recordOpinionHandling: RESOLUTION_ROLES.RecordOpinionHandling,
  returnToDraft: RESOLUTION_ROLES.ReturnToDraft,
  issueResolution: RESOLUTION_ROLES.IssueResolution,
  amendTarget: RESOLUTION_ROLES.AmendTarget,
  allocateTarget: RESOLUTION_ROLES.AllocateTarget,
  withdrawResolution: RESOLUTION_ROLES.WithdrawResolution,
  supersedeResolution: RESOLUTION_ROLES.SupersedeResolution,
  recordSupervisionVisit: RESOLUTION_ROLES.RecordSupervisionVisit,
  holdMidtermReview: RESOLUTION_ROLES.HoldReview,
  holdFinalEvaluation: RESOLUTION_ROLES.HoldReview,
  assignTask: TASK_ROLES.AssignTask,
  acceptTask: TASK_ROLES.AcceptTask,
  reportProgress: TASK_ROLES.ReportProgress,
  completeTask: TASK_ROLES.CompleteTask,
  requestExtension: TASK_ROLES.RequestExtension,
  grantExtension: TASK_ROLES.GrantExtension,
  cancelTask: TASK_ROLES.CancelTask,
  approveReport: TASK_ROLES.ApproveReport,
  returnReport: TASK_ROLES.ReturnReport,
  defineOrgUnit: ORG_UNIT_ROLES.DefineOrgUnit,
  assessTarget: REVIEW_ROLES.AssessTarget,
  concludeReview: REVIEW_ROLES.ConcludeReview,
};
