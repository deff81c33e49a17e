//! Loads each font once per session and picks a fallback when the design font is missing or
//! cannot draw the locale's script.

import { chooseFallback, familyCoversScript } from "../shared/fonts";

/** A font ready to use, and why it differs from the design font, if it does. */
export interface ResolvedFont {
  font: FontName;
  reason?: "script" | "missing";
}

export class FontCache {
  private readonly loads = new Map<string, Promise<boolean>>();
  private readonly resolved = new Map<string, Promise<ResolvedFont>>();
  private available?: Promise<Map<string, string[]>>;

  /** Loads a font; true when Figma has it. Each font is asked for once. */
  load(font: FontName): Promise<boolean> {
    const key = `${font.family}\u0000${font.style}`;
    let p = this.loads.get(key);
    if (!p) {
      p = figma.loadFontAsync(font).then(
        () => true,
        () => false,
      );
      this.loads.set(key, p);
    }
    return p;
  }

  /** The font to use for `font` in text of `script` (ISO 15924). */
  resolve(font: FontName, script: string): Promise<ResolvedFont> {
    const key = `${font.family}\u0000${font.style}\u0000${script}`;
    let p = this.resolved.get(key);
    if (!p) {
      p = this.pick(font, script);
      this.resolved.set(key, p);
    }
    return p;
  }

  private async pick(font: FontName, script: string): Promise<ResolvedFont> {
    const covers = familyCoversScript(font.family, script);
    if (covers && (await this.load(font))) return { font };
    const reason = covers ? "missing" : "script";
    const fallback = chooseFallback(font, script, await this.availableFonts());
    if (fallback && (await this.load(fallback))) {
      if (reason === "script" && !familyCoversScript(fallback.family, script)) {
        throw new Error(
          `no installed font draws this script (${script}); install a Noto Sans font for it and run again`,
        );
      }
      return { font: fallback, reason };
    }
    throw new Error(`the font ${font.family} ${font.style} is missing and no fallback (Inter, Roboto) is installed`);
  }

  private availableFonts(): Promise<Map<string, string[]>> {
    this.available ??= figma.listAvailableFontsAsync().then((fonts) => {
      const byFamily = new Map<string, string[]>();
      for (const f of fonts) {
        const styles = byFamily.get(f.fontName.family) ?? [];
        styles.push(f.fontName.style);
        byFamily.set(f.fontName.family, styles);
      }
      return byFamily;
    });
    return this.available;
  }
}
