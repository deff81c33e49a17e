//! Exports one localized frame as a PNG exactly `width` pixels wide (the store size), in sRGB.

import type { ExportedImage, ExportParams } from "../shared/messages";

export async function exportFrame(params: ExportParams): Promise<ExportedImage> {
  const node = await figma.getNodeByIdAsync(params.cloneId);
  if (!node || !("exportAsync" in node) || !("width" in node)) {
    throw new Error("the localized frame is gone; localize again before uploading");
  }
  const bytes = await node.exportAsync({
    format: "PNG",
    constraint: { type: "WIDTH", value: params.width },
    colorProfile: "SRGB",
  });
  const height = Math.round((node.height * params.width) / node.width);
  return { bytes, width: params.width, height };
}
