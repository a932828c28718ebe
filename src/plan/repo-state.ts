/**
 * What the mirror repository holds when the run starts: a local working copy
 * or a branch read through the GitHub API. The plan compares against it.
 */
export interface RepoState {
  /** Commit the state was read from (undefined for a local directory or an empty branch). */
  head?: string;
  /** Every file under the mirror's folders, and the home page when present. */
  paths: ReadonlySet<string>;
  /**
   * Git blob SHA-1 of a file, undefined when absent. Asked only for the files
   * a run writes, so a local mirror of many thousand pages is not re-hashed
   * whole on every run.
   */
  blobSha(path: string): Promise<string | undefined>;
  /** Text of one file (the channel manifests), or undefined when absent. */
  readText(path: string): Promise<string | undefined>;
}
