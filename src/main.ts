// Entry point of the GitHub Action (bundled to dist/index.js).
import { runAction } from './publish/github/action.js';

await runAction();
