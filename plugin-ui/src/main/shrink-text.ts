//! The last resort for text that is still too big after a shorter translation: lower every
//! range's font size together in bounded steps, never below the minimum, until it fits.

import { fits, shrinkScales } from "../shared/fit";
import { measureOverflow, type OriginalBox } from "./measure-overflow";

export interface ShrinkOutcome {
  ratio: number;
  scale: number;
}

/** Shrinks the node step by step; returns the last measurement and the scale it stopped at. */
export function shrinkText(node: TextNode, box: OriginalBox): ShrinkOutcome {
  const sizes = node.getStyledTextSegments(["fontSize"]);
  const largest = Math.max(...sizes.map((s) => s.fontSize));
  let ratio = measureOverflow(node, box);
  let scale = 1;
  for (const step of shrinkScales(largest)) {
    if (fits(ratio)) break;
    for (const s of sizes) node.setRangeFontSize(s.start, s.end, Math.round(s.fontSize * step * 10) / 10);
    scale = step;
    ratio = measureOverflow(node, box);
  }
  return { ratio, scale };
}
