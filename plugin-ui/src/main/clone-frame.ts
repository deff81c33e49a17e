//! Clones a frame for one locale onto the run's page, named `<frame> · <locale>`, placed in a
//! grid (one column per frame, one row per locale), replacing an earlier clone of the same run.

const SOURCE_KEY = "shotbridge.source";
const LOCALE_KEY = "shotbridge.locale";
/** Space between clones on the run page. */
const GAP = 120;

/** The page named `name`, created at the end of the document when missing. */
export async function runPage(name: string): Promise<PageNode> {
  const existing = figma.root.children.find((p) => p.name === name);
  if (existing) {
    await existing.loadAsync();
    return existing;
  }
  const page = figma.createPage();
  page.name = name;
  return page;
}

export function cloneFrameForLocale(
  frame: FrameNode | ComponentNode | InstanceNode,
  page: PageNode,
  locale: string,
  column: number,
  row: number,
): FrameNode | InstanceNode {
  for (const old of page.children) {
    if (old.getPluginData(SOURCE_KEY) === frame.id && old.getPluginData(LOCALE_KEY) === locale) old.remove();
  }
  // A component's clone is a component too; screenshots want a plain copy, so instantiate it.
  const clone = frame.type === "COMPONENT" ? frame.createInstance() : frame.clone();
  page.appendChild(clone);
  clone.name = `${frame.name} · ${locale}`;
  clone.x = column * (frame.width + GAP);
  clone.y = row * (frame.height + GAP);
  clone.setPluginData(SOURCE_KEY, frame.id);
  clone.setPluginData(LOCALE_KEY, locale);
  return clone;
}
