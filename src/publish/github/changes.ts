import { isUtf8 } from 'node:buffer';
import type { Plan } from '../../plan/plan.js';
import type { OutputFile } from '../../types.js';

/** What a commit writes: whole files to add or replace, paths to delete. */
export interface FileChanges {
  additions: OutputFile[];
  deletions: string[];
}

export function changesOf(plan: Plan): FileChanges {
  return { additions: [...plan.add, ...plan.change], deletions: [...plan.delete] };
}

/** Text goes inline in a tree entry (a JSON string); anything else must be sent as a base64 blob. */
export function isText(content: Buffer): boolean {
  return isUtf8(content) && !content.includes(0);
}

export function commitMessage(title: string, body: string): string {
  return body.trim() ? `${title}\n\n${body.trim()}\n` : `${title}\n`;
}
