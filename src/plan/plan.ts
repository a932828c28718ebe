import type { OutputFile } from '../types.js';

/** What one run changes in the repository. */
export interface Plan {
  add: OutputFile[];
  change: OutputFile[];
  delete: string[];
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.add.length === 0 && plan.change.length === 0 && plan.delete.length === 0;
}
