// `include` / `exclude` dot paths: "order.status", "items.*.sku", "items.0.id". `*` is every array item or
// every key; a name applied to an array applies to each of its items ("orders.id" keeps the id of every
// order), so users need not know where the arrays are. Paths are compiled into one tree so each value
// is visited once, whatever the number of paths.
import { setOwn } from '../own-property';

interface PathTree {
  /** The path ends here: the whole value is selected. */
  leaf: boolean;
  children: Map<string, PathTree>;
}

const MISSING = Symbol('missing');

function emptyTree(): PathTree {
  return { leaf: false, children: new Map() };
}

export function compilePaths(paths: readonly string[]): PathTree {
  const root = emptyTree();
  for (const path of paths) {
    let node = root;
    for (const segment of path.split('.').filter((s) => s.length > 0)) {
      let next = node.children.get(segment);
      if (!next) {
        next = emptyTree();
        node.children.set(segment, next);
      }
      node = next;
    }
    node.leaf = true;
  }
  return root;
}

function union(trees: (PathTree | undefined)[]): PathTree | undefined {
  const present = trees.filter((t): t is PathTree => t !== undefined);
  if (present.length <= 1) return present[0];
  const out = emptyTree();
  for (const tree of present) {
    out.leaf ||= tree.leaf;
    for (const [segment, child] of tree.children) {
      const merged = union([out.children.get(segment), child]);
      if (merged) out.children.set(segment, merged);
    }
  }
  return out;
}

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

/** The tree that applies to item `index` of an array reached by `tree`. */
function itemTree(tree: PathTree, index: number): PathTree | undefined {
  const named = emptyTree();
  for (const [segment, child] of tree.children) {
    if (segment !== '*' && !isIndex(segment)) named.children.set(segment, child);
  }
  return union([named.children.size > 0 ? named : undefined, tree.children.get('*'), tree.children.get(String(index))]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(value: unknown, tree: PathTree): unknown {
  if (tree.leaf) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const sub = itemTree(tree, index);
      if (!sub) return;
      const picked = pick(item, sub);
      if (picked !== MISSING) out.push(picked);
    });
    return out.length > 0 ? out : MISSING;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    let found = false;
    for (const [key, item] of Object.entries(value)) {
      const sub = union([tree.children.get(key), tree.children.get('*')]);
      if (!sub) continue;
      const picked = pick(item, sub);
      if (picked !== MISSING) {
        setOwn(out, key, picked);
        found = true;
      }
    }
    return found ? out : MISSING;
  }
  return MISSING;
}

/** Keeps only what the paths select, in the original order and shape. Nothing selected → {} / []. */
export function includePaths(value: unknown, paths: readonly string[]): unknown {
  const picked = pick(value, compilePaths(paths));
  if (picked !== MISSING) return picked;
  return Array.isArray(value) ? [] : isRecord(value) ? {} : null;
}

function drop(value: unknown, tree: PathTree): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((item, index) => {
      const sub = itemTree(tree, index);
      if (sub?.leaf) return;
      out.push(sub ? drop(item, sub) : item);
    });
    return out;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const sub = union([tree.children.get(key), tree.children.get('*')]);
      if (sub?.leaf) continue;
      setOwn(out, key, sub ? drop(item, sub) : item);
    }
    return out;
  }
  return value;
}

/** Removes what the paths select; everything else stays as it is. */
export function excludePaths(value: unknown, paths: readonly string[]): unknown {
  return drop(value, compilePaths(paths));
}
