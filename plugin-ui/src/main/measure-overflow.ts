//! Measures how far a text node outgrew the box it had in the design. Width and height update
//! synchronously after a text change; fixed boxes are measured by letting the height grow.

import { overflowRatio, type TextBox } from "../shared/fit";

/** The design box of a text node, kept on the clone's node between calls. */
export interface OriginalBox extends TextBox {
  autoResize: TextNode["textAutoResize"];
}

const BOX_KEY = "shotbridge.box";

export function captureBox(node: TextNode): OriginalBox {
  const box = { width: node.width, height: node.height, autoResize: node.textAutoResize };
  node.setPluginData(BOX_KEY, JSON.stringify(box));
  return box;
}

/** The box captured before the first change (the current one if none was). */
export function originalBox(node: TextNode): OriginalBox {
  const raw = node.getPluginData(BOX_KEY);
  if (raw) {
    try {
      return JSON.parse(raw) as OriginalBox;
    } catch {
      // Fall through: a damaged value is replaced by the current box.
    }
  }
  return captureBox(node);
}

/** Measured size ÷ original size (≤ 1 fits). Fixed-size boxes are restored afterwards. */
// TODO: only the text box is measured; an auto-layout parent that grows and pushes siblings out
// of the frame is not detected yet.
export function measureOverflow(node: TextNode, box: OriginalBox): number {
  if (box.autoResize === "NONE" || box.autoResize === "TRUNCATE") {
    node.textAutoResize = "HEIGHT";
    const measured = { width: box.width, height: node.height };
    node.textAutoResize = box.autoResize;
    node.resize(box.width, box.height);
    return overflowRatio(box, measured);
  }
  return overflowRatio(box, { width: node.width, height: node.height });
}
