import { assessTarget, type Assessment, type Observation, type TargetSpec } from './assessment';

/** One unit's share of a target (giao chỉ tiêu cho đơn vị). */
export interface Allocation {
  unitId: string;
  value: string;
}

export interface AllocationAssessment extends Allocation {
  /** From the values this unit reported (null when NO_DATA). */
  currentValue: string | null;
  assessment: Assessment;
}

/** The reporting unit key a task assigned to this unit gives its reports (task decider's rule). */
export function unitKeyOfUnit(unitId: string): string {
  return `unit:${unitId}`;
}

/**
 * Each allocation judged by the same rules as the target itself (assessTarget), counting only the
 * values its unit reported and with the unit's value as the target value: a CUMULATIVE path is
 * the allocation × the share of the term, a LEVEL path runs from the target's own baseline to the
 * unit's value (no baseline, no path), and for the other kinds the value is the unit's own target.
 * `year` is the year the target itself is judged at (the latest reported), null: no data at all.
 */
export function assessAllocations(
  target: TargetSpec,
  allocations: Allocation[],
  observations: Observation[],
  year: number | null,
): AllocationAssessment[] {
  return allocations.map((a) => {
    if (year === null) return { ...a, currentValue: null, assessment: 'NO_DATA' };
    const key = unitKeyOfUnit(a.unitId);
    const own = observations.filter((o) => o.targetId === target.id && o.unitKey === key);
    const result = assessTarget({ ...target, targetValue: a.value }, own, year);
    return { ...a, currentValue: result.value, assessment: result.assessment };
  });
}
