//! Sample screenshot frames for tests: a 430×932 iPhone frame with a mixed-style title,
//! a subtitle, and text that must be skipped (a rating, a brand name, hidden and locked layers).

import { FakeFigma, type FakeFrame, type FakeText, type Font } from "./fake-figma";

export const RED = [{ type: "SOLID" as const, color: { r: 1, g: 0.2, b: 0.2 } }];
export const INTER = { family: "Inter", style: "Regular" };
export const INTER_BOLD = { family: "Inter", style: "Bold" };

export interface Screen {
  frame: FakeFrame;
  title: FakeText;
  subtitle: FakeText;
}

export function onboardingScreen(f: FakeFigma, name = "Onboarding 1", font: Font = INTER, bold: Font = INTER_BOLD): Screen {
  const frame = f.createFrame(name, 430, 932);
  const title = f.createText(
    [
      { text: "Track ", style: { fontName: font, fontSize: 32 } },
      { text: "every", style: { fontName: bold, fontSize: 32, fills: RED } },
      { text: " habit you care about", style: { fontName: font, fontSize: 32 } },
    ],
    { width: 380 },
  );
  title.name = "Title";
  const subtitle = f.createText([{ text: "Streaks that keep you going", style: { fontName: font } }], { width: 380 });
  subtitle.name = "Subtitle";
  const rating = f.createText([{ text: "4.9 ★" }]);
  const brand = f.createText([{ text: "Streaky" }]);
  const hidden = f.createText([{ text: "Hidden note" }]);
  hidden.visible = false;
  const locked = f.createText([{ text: "Locked legal line" }]);
  locked.locked = true;
  for (const n of [title, subtitle, rating, brand, hidden, locked]) frame.appendChild(n);
  f.currentPage.selection = [frame];
  return { frame, title, subtitle };
}
