import type { ResolutionStatus } from './resolution.events';

/** The sets of resolution statuses the rules name (DOMAIN.md, lifecycle): one home for all deciders. */
export const DRAFTING: readonly ResolutionStatus[] = ['DRAFT', 'IN_REVIEW'];
/** Tasks are worked on: accepted, reported on, extended. */
export const IMPLEMENTING: readonly ResolutionStatus[] = ['IN_IMPLEMENTATION', 'MIDTERM_REVIEWED'];
/** Tasks may be given (the first one starts the implementation of an ISSUED resolution). */
export const ASSIGNABLE: readonly ResolutionStatus[] = ['ISSUED', ...IMPLEMENTING];
/** Issued and neither withdrawn nor superseded: what may replace another resolution. */
export const IN_FORCE: readonly ResolutionStatus[] = [...ASSIGNABLE, 'FINAL_EVALUATED'];
