//! Collects the selected frames and their captions: visible, unlocked text nodes that are not
//! numbers-only or made only of keep-terms, each encoded with its styled segments tagged.

import type { FrameSource, FrameSummary, SourceText } from "../shared/messages";
import { isTranslatable } from "../shared/text-rules";
import { encodeNode } from "./text-style";

type ScreenshotFrame = FrameNode | ComponentNode | InstanceNode;

const FRAME_TYPES = new Set(["FRAME", "COMPONENT", "INSTANCE"]);

/** Top-level frames of the selection, left to right then top to bottom (the set's order). */
export function selectedFrames(): ScreenshotFrame[] {
  return figma.currentPage.selection
    .filter((n): n is ScreenshotFrame => FRAME_TYPES.has(n.type))
    .sort((a, b) => a.x - b.x || a.y - b.y);
}

export function summarize(frame: ScreenshotFrame): FrameSummary {
  return { id: frame.id, name: frame.name, width: frame.width, height: frame.height };
}

/** Whether the node and every ancestor up to the frame are visible and unlocked. */
function isEditable(node: SceneNode, frame: SceneNode): boolean {
  let current: BaseNode | null = node;
  while (current && current.id !== frame.id) {
    const scene = current as SceneNode;
    if (!scene.visible || scene.locked) return false;
    current = current.parent;
  }
  return true;
}

/** The captions of one frame. */
export function collectTexts(frame: ScreenshotFrame, keepTerms: readonly string[]): SourceText[] {
  return frame
    .findAllWithCriteria({ types: ["TEXT"] })
    .filter((node) => isEditable(node, frame) && isTranslatable(node.characters, keepTerms))
    .map((node) => ({
      id: `${frame.id}/${node.id}`,
      nodeId: node.id,
      name: node.name,
      tagged: encodeNode(node).encoded.text,
    }));
}

/** Every selected frame with its captions. */
export function collectFrames(keepTerms: readonly string[]): FrameSource[] {
  figma.skipInvisibleInstanceChildren = true;
  return selectedFrames().map((frame) => ({ ...summarize(frame), texts: collectTexts(frame, keepTerms) }));
}
