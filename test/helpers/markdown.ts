// Reads what the README shows: fenced code blocks and Markdown tables.

export interface CodeBlock {
  lang: string;
  text: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

export function fencedBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(```+|~~~+)\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(fence)) body.push(lines[j++]!);
    blocks.push({ lang: open[2]!.toLowerCase(), text: `${body.join('\n')}\n`, line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The rows of the first table between `<!-- marker:start … -->` and `<!-- marker:end -->`, as header → cell maps. */
export function tableBetween(markdown: string, marker: string): Array<Record<string, string>> {
  const m = new RegExp(`<!-- ${marker}:start[^>]*-->\\n([\\s\\S]*?)<!-- ${marker}:end -->`).exec(markdown);
  if (!m) throw new Error(`README.md has no <!-- ${marker}:start --> … <!-- ${marker}:end --> block`);
  const rows = m[1]!
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map(splitRow);
  const [header, , ...body] = rows;
  if (!header) throw new Error(`README.md: no table in the ${marker} block`);
  return body.map((cells) => Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
}

function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** `` `x` `` → x; an empty cell stays empty. */
export function unquoteCode(cell: string): string {
  const m = /^`([^`]*)`$/.exec(cell.trim());
  return m ? m[1]! : cell.trim();
}
