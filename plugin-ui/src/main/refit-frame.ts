//! Fits a localized clone's overflowing captions: apply the shorter translations the bridge
//! gave, measure again, and shrink the font only for what still does not fit.

import { fits } from "../shared/fit";
import { findLocale } from "../shared/locales";
import type { RefitParams, TextOutcome } from "../shared/messages";
import { applyTranslation } from "./apply-translation";
import type { FontCache } from "./font-cache";
import { measureOverflow, originalBox } from "./measure-overflow";
import { shrinkText } from "./shrink-text";

async function textNode(id: string): Promise<TextNode> {
  const node = await figma.getNodeByIdAsync(id);
  if (node?.type === "TEXT") return node;
  throw new Error("the text layer is gone from the localized frame");
}

export async function refitFrame(params: RefitParams, fonts: FontCache): Promise<TextOutcome[]> {
  const locale = findLocale(params.locale);
  if (!locale) throw new Error(`${params.locale} is not an App Store Connect locale`);
  const ctx = { script: locale.script, rtl: locale.direction === "rtl", fonts };
  const ids = [...new Set([...Object.keys(params.translations), ...params.shrink])];
  const outcomes: TextOutcome[] = [];
  for (const id of ids) {
    const outcome: TextOutcome = { nodeId: "", cloneNodeId: id, ratio: 1, fits: true, length: 0, scale: 1, stylesApproximated: false };
    try {
      const node = await textNode(id);
      const box = originalBox(node);
      const tagged = params.translations[id];
      if (tagged !== undefined) {
        const applied = await applyTranslation(node, tagged, ctx);
        outcome.stylesApproximated = applied.stylesApproximated;
      }
      outcome.ratio = measureOverflow(node, box);
      if (!fits(outcome.ratio) && params.shrink.includes(id)) {
        const shrunk = shrinkText(node, box);
        outcome.ratio = shrunk.ratio;
        outcome.scale = shrunk.scale;
      }
      outcome.fits = fits(outcome.ratio);
      outcome.length = node.characters.length;
    } catch (err) {
      outcome.fits = false;
      outcome.error = err instanceof Error ? err.message : String(err);
    }
    outcomes.push(outcome);
  }
  figma.commitUndo();
  return outcomes;
}
