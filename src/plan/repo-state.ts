/**
 * What the mirror repository holds when the run starts: a local working copy
 * or a branch read through the GitHub API. The plan compares against it.
 */
export interface RepoState {
  /** Commit the state was read from (undefined for a local directory or an empty branch). */
  head?: string;
  /** Every file under the mirror's folders and the home page: path -> git blob SHA-1. */
  files: Map<string, string>;
  /** Text of one file (the channel manifests), or undefined when absent. */
  readText(path: string): Promise<string | undefined>;
}
