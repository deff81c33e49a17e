//! Localizes one frame for one locale: clone it onto the run page, apply each caption's
//! translation keeping styles, and measure what overflowed the design box.

import { fits } from "../shared/fit";
import { findLocale } from "../shared/locales";
import type { LocalizedFrame, LocalizeFrameParams, TextOutcome } from "../shared/messages";
import { stripTags } from "../shared/segments";
import { applyTranslation, type ApplyOutcome } from "./apply-translation";
import { cloneFrameForLocale, runPage } from "./clone-frame";
import type { FontCache } from "./font-cache";
import { captureBox, measureOverflow } from "./measure-overflow";
import { nodeAt, pathFrom } from "./node-path";

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A frame (or component, instance) the plugin can clone, looked up by id. */
export async function screenshotFrame(id: string): Promise<FrameNode | ComponentNode | InstanceNode> {
  const node = await figma.getNodeByIdAsync(id);
  if (node && (node.type === "FRAME" || node.type === "COMPONENT" || node.type === "INSTANCE")) return node;
  throw new Error("the frame is gone; it was deleted or moved to another file since it was selected");
}

export async function localizeFrame(params: LocalizeFrameParams, fonts: FontCache): Promise<LocalizedFrame> {
  const locale = findLocale(params.locale);
  if (!locale) throw new Error(`${params.locale} is not an App Store Connect locale`);
  const frame = await screenshotFrame(params.frameId);
  const page = await runPage(params.runPage);
  const clone = cloneFrameForLocale(frame, page, locale.code, params.column, params.row);
  const ctx = { script: locale.script, rtl: locale.direction === "rtl", fonts };

  const texts: TextOutcome[] = [];
  const substitutions: LocalizedFrame["fonts"] = [];
  for (const [nodeId, tagged] of Object.entries(params.translations)) {
    const source = await figma.getNodeByIdAsync(nodeId);
    const path = source && pathFrom(source, frame);
    const target = path && nodeAt(clone, path);
    const outcome: TextOutcome = {
      nodeId,
      cloneNodeId: target?.id ?? "",
      ratio: 1,
      fits: true,
      length: stripTags(tagged).length,
      scale: 1,
      stylesApproximated: false,
    };
    if (!target || target.type !== "TEXT") {
      texts.push({ ...outcome, fits: false, error: "the text layer was not found in the copy of the frame" });
      continue;
    }
    try {
      const box = captureBox(target);
      const applied: ApplyOutcome = await applyTranslation(target, tagged, ctx);
      substitutions.push(...applied.substitutions);
      outcome.stylesApproximated = applied.stylesApproximated;
      outcome.length = target.characters.length;
      outcome.ratio = measureOverflow(target, box);
      outcome.fits = fits(outcome.ratio);
    } catch (err) {
      outcome.fits = false;
      outcome.error = message(err);
    }
    texts.push(outcome);
  }
  figma.commitUndo();
  return { cloneId: clone.id, name: clone.name, texts, fonts: substitutions };
}
