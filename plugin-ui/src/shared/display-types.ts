//! Which App Store display type a frame exports to, and at what scale: the frame's aspect
//! must match one of the exact pixel sizes ASC accepts (table generated from the Rust crate).

import { DISPLAY_TYPE_SIZES, type DisplayType, type PixelSize } from "../generated/bridge";

export type { DisplayType, PixelSize };

/** Display types tried, in order, when the user has not named one: newest slot first. */
export const PREFERRED_ORDER: readonly DisplayType[] = [
  "APP_IPHONE_67", "APP_IPHONE_65", "APP_IPHONE_61", "APP_IPHONE_58", "APP_IPHONE_55",
  "APP_IPHONE_47", "APP_IPHONE_40", "APP_IPHONE_35", "APP_IPAD_PRO_3GEN_129",
  "APP_IPAD_PRO_3GEN_11", "APP_IPAD_PRO_129", "APP_IPAD_105", "APP_IPAD_97", "APP_DESKTOP",
  "APP_APPLE_VISION_PRO", "APP_APPLE_TV", "APP_WATCH_ULTRA", "APP_WATCH_SERIES_10",
  "APP_WATCH_SERIES_7", "APP_WATCH_SERIES_4", "APP_WATCH_SERIES_3",
];

/** How a frame is exported. */
export interface ExportTarget {
  displayType: DisplayType;
  size: PixelSize;
  /** Export scale: `size.width / frame width`. */
  scale: number;
}

/** Why a frame has no export target, in words for the report. */
export interface NoTarget {
  reason: string;
}

/** Whether scaling the frame to `size.width` gives exactly `size.height` (within half a pixel). */
function aspectMatches(frame: PixelSize, size: PixelSize): boolean {
  if (frame.width <= 0 || frame.height <= 0) return false;
  const scaledHeight = (frame.height * size.width) / frame.width;
  return Math.abs(scaledHeight - size.height) < 0.5;
}

/** The sizes of a display type whose aspect matches the frame, largest first. */
export function matchingSizes(frame: PixelSize, displayType: DisplayType): PixelSize[] {
  return (DISPLAY_TYPE_SIZES[displayType] ?? [])
    .filter((s) => aspectMatches(frame, s))
    .sort((a, b) => b.width * b.height - a.width * a.height);
}

/** The export target for a frame: the wanted display type, or the first in PREFERRED_ORDER. */
export function chooseExportTarget(frame: PixelSize, wanted?: DisplayType): ExportTarget | NoTarget {
  const order = wanted ? [wanted] : PREFERRED_ORDER;
  for (const displayType of order) {
    const size = matchingSizes(frame, displayType)[0];
    if (size) return { displayType, size, scale: size.width / frame.width };
  }
  const w = Math.round(frame.width);
  const h = Math.round(frame.height);
  const hint = wanted
    ? `${wanted} takes ${(DISPLAY_TYPE_SIZES[wanted] ?? []).map(fmt).join(", ")}`
    : "e.g. 1290×2796 (iPhone 6.9\", a 430×932 frame at 3×) or 2064×2752 (iPad 13\")";
  return { reason: `the frame is ${w}×${h}, which scales to no App Store screenshot size; ${hint}` };
}

export function isExportTarget(t: ExportTarget | NoTarget): t is ExportTarget {
  return "displayType" in t;
}

function fmt(s: PixelSize): string {
  return `${s.width}×${s.height}`;
}
