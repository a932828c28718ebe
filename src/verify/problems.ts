/** One thing wrong with a mirror: which check found it, in which file, and what it is. */
export interface Problem {
  check: 'manifest' | 'retention' | 'missing' | 'qr' | 'link' | 'orphan';
  /** Repository path of the file at fault (the missing one, the one holding the broken link...). */
  file: string;
  message: string;
}
