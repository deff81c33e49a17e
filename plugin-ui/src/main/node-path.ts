//! Finds the node in a clone that corresponds to a node of the source frame, by the path of
//! child indices (clones keep the tree's shape; their ids differ).

/** Child indices from `ancestor` down to `node`; null when `node` is not inside it. */
export function pathFrom(node: BaseNode, ancestor: BaseNode): number[] | null {
  const path: number[] = [];
  let current: BaseNode = node;
  while (current.id !== ancestor.id) {
    const parent: (BaseNode & ChildrenMixin) | null = current.parent;
    if (!parent) return null;
    path.unshift(parent.children.findIndex((c) => c.id === current.id));
    current = parent;
  }
  return path;
}

/** The node at `path` below `root`, or null when the shape differs. */
export function nodeAt(root: SceneNode, path: readonly number[]): SceneNode | null {
  let current: SceneNode = root;
  for (const i of path) {
    if (!("children" in current)) return null;
    const next: SceneNode | undefined = current.children[i];
    if (!next) return null;
    current = next;
  }
  return current;
}
