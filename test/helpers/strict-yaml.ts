// YAML read as GitHub reads action.yml and workflows: YAML 1.2, one document,
// duplicate keys and every other parse error fatal (never a best-effort value).
import { parseAllDocuments } from 'yaml';

export function parseStrictYaml(text: string, name: string): unknown {
  const docs = parseAllDocuments(text, { version: '1.2', uniqueKeys: true, strict: true, prettyErrors: true });
  if (!Array.isArray(docs)) throw new Error(`${name}: not YAML`);
  const problems = docs.flatMap((d) => [...d.errors, ...d.warnings]).map((e) => e.message);
  if (problems.length > 0) throw new Error(`${name} does not parse as strict YAML 1.2:\n${problems.join('\n')}`);
  if (docs.length !== 1) throw new Error(`${name}: expected one YAML document, found ${docs.length}`);
  return docs[0]!.toJS();
}
