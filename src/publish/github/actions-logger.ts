import * as core from '@actions/core';
import type { Logger } from '../../types.js';

/** GitHub shows this many warning annotations of a step; more are dropped without a word. */
const MAX_ANNOTATIONS = 10;

/**
 * Logger on the Actions log. The log cannot nest groups, so only the
 * outermost group folds; inner ones become a heading line inside it.
 *
 * Warnings become annotations, at most MAX_ANNOTATIONS per run: past the
 * first MAX_ANNOTATIONS - 1 they go to the log as plain lines, and
 * flushAnnotations() spends the last annotation on saying how many more
 * there are (or on the one that was held back).
 */
export function actionsLogger(): Logger & { flushAnnotations(): void } {
  let depth = 0;
  let annotated = 0;
  const held: string[] = [];
  return {
    info: (m) => core.info(m),
    warn: (m) => {
      if (annotated < MAX_ANNOTATIONS - 1) {
        annotated++;
        core.warning(m);
        return;
      }
      held.push(m);
      core.info(`warning: ${m}`);
    },
    debug: (m) => core.debug(m),
    async group(name, fn) {
      if (depth > 0) {
        core.info(`▸ ${name}`);
        depth++;
        try {
          return await fn();
        } finally {
          depth--;
        }
      }
      depth++;
      core.startGroup(name);
      try {
        return await fn();
      } finally {
        core.endGroup();
        depth--;
      }
    },
    flushAnnotations() {
      if (held.length === 1) core.warning(held[0]!);
      else if (held.length > 1) core.warning(`${held.length} more warnings: they are in the log above and in the job summary.`);
      annotated += Math.min(1, held.length);
      held.length = 0;
    },
  };
}
