import * as core from '@actions/core';
import type { Logger } from '../../types.js';

/**
 * Logger on the Actions log. The log cannot nest groups, so only the
 * outermost group folds; inner ones become a heading line inside it.
 */
export function actionsLogger(): Logger {
  let depth = 0;
  return {
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
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
  };
}
