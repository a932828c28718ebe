// Where a key path of the config sits in its YAML text, so an error can say
// "line 12, column 11" rather than leave the user to count list items.
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export class YamlPositions {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * The position of the value at `path`, or of the nearest enclosing node that
   * exists (a missing key points at the mapping that lacks it). With `key`,
   * the position of that key in the mapping at `path` (an unknown key).
   */
  of(path: readonly PropertyKey[], key?: string): Position | undefined {
    let node: Node | null | undefined = this.doc.contents;
    let at: Node | null | undefined = node;
    let found = true;
    for (const step of path) {
      const next = child(node, step);
      if (!next) {
        found = false;
        break;
      }
      // `key:` with nothing after it has no value node: point at the key.
      node = next.value;
      at = next.value ?? next.key;
    }
    if (found && key !== undefined) at = child(node, key)?.key ?? at;
    const offset = at?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

function child(node: Node | null | undefined, step: PropertyKey): { key: Node; value: Node | undefined } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
    return pair ? { key: pair.key as Node, value: (pair.value as Node | null) ?? undefined } : undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step] as Node | undefined;
    return item ? { key: item, value: item } : undefined;
  }
  return undefined;
}
