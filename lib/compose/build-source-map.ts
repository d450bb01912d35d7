import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import { SourceMap } from "./source-map";
import type { Path, PathSegment, Position } from "./types";

type AnyNode = Node | null | undefined;

/** The mapping key as the JS value uses it (we parse with `stringKeys`, so keys are strings). */
export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value ?? "");
  return String(key ?? "");
}

function positionOf(node: unknown, lineCounter: LineCounter): Position | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line: Math.max(line, 1), column: Math.max(col, 1) };
}

/**
 * Records where every key and value of the document was written. Aliases are not followed (their
 * contents are positioned at the alias itself by fallback), which keeps this walk linear in the
 * size of the text even for alias-heavy files; `<<` merge keys are expanded one level so merged
 * keys point at the merge line rather than at the enclosing service.
 */
export function buildSourceMap(doc: Document, lineCounter: LineCounter, maxDepth: number): SourceMap {
  const map = new SourceMap();
  map.set([], { value: positionOf(doc.contents, lineCounter) ?? { line: 1, column: 1 } });

  const walk = (node: AnyNode, path: PathSegment[], depth: number): void => {
    if (depth > maxDepth) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (keyText(pair.key) === "<<") {
          recordMerge(pair.value as AnyNode, pair.key, path);
          continue;
        }
        const child = [...path, keyText(pair.key)];
        map.set(child, {
          key: positionOf(pair.key, lineCounter),
          value: positionOf(pair.value, lineCounter) ?? positionOf(pair.key, lineCounter),
        });
        walk(pair.value as AnyNode, child, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = [...path, index];
        map.set(child, { value: positionOf(item, lineCounter) });
        walk(item as AnyNode, child, depth + 1);
      });
    }
  };

  const recordMerge = (value: AnyNode, mergeKey: unknown, path: PathSegment[]): void => {
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      if (!isMap(target)) continue;
      for (const pair of target.items) {
        const child: Path = [...path, keyText(pair.key)];
        // Keys written in the map itself win over merged ones, as they do in the value.
        if (map.has(child)) continue;
        map.set(child, { key: positionOf(mergeKey, lineCounter), value: positionOf(source, lineCounter) });
      }
    }
  };

  walk(doc.contents as AnyNode, [], 0);
  return map;
}

/** The path of the deepest node whose text contains `offset`, used to place YAML syntax errors. */
export function pathAtOffset(doc: Document, offset: number): Path {
  const path: PathSegment[] = [];
  const contains = (node: unknown): boolean => {
    if (node === null || typeof node !== "object" || !("range" in node)) return false;
    const range = (node as { range?: [number, number, number] | null }).range;
    return !!range && offset >= range[0] && offset <= range[2];
  };
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 256; depth++) {
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (contains(pair.key) || contains(pair.value)) {
          path.push(keyText(pair.key));
          next = contains(pair.value) ? pair.value : undefined;
          break;
        }
      }
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item));
      if (index >= 0) {
        path.push(index);
        next = node.items[index];
      }
    }
    if (next === undefined) break;
    node = next;
  }
  return path;
}
