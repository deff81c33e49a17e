//! The browser harness's page script: plays Figma's main thread for the built panel. It runs
//! the plugin's real main-thread handlers on the fake `figma`, with one 430×932 screenshot
//! frame whose export draws a real PNG at the exact store size (1290×2796 at 3×).

import { serveRequests } from "../../src/main/handlers";
import { FakeFigma, type FakeFrame, FakeText, installFakeFigma } from "../support/fake-figma";
import { onboardingScreen } from "../support/screens";

const FONTS = ["Inter", "Noto Sans JP", "Noto Sans Arabic"].flatMap((family) => [
  { family, style: "Regular" },
  { family, style: "Bold" },
]);

/** Draws the frame's texts onto a canvas of the export size and encodes it as PNG. */
async function renderPng(width: number, height: number, frame: FakeFrame): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2d canvas");
  const scale = width / frame.width;
  ctx.fillStyle = "#f4efe6";
  ctx.fillRect(0, 0, width, height);
  let y = 120 * scale;
  for (const node of frame.children) {
    if (!(node instanceof FakeText) || !node.visible) continue;
    const size = (node.styles[0]?.fontSize ?? 20) * scale;
    ctx.font = `${size}px sans-serif`;
    ctx.fillStyle = "#1e1e1e";
    ctx.textAlign = node.textAlignHorizontal === "RIGHT" ? "right" : "left";
    ctx.fillText(node.characters, node.textAlignHorizontal === "RIGHT" ? width - 24 * scale : 24 * scale, y, width - 48 * scale);
    y += node.height * scale + 24 * scale;
  }
  const blob = await canvas.convertToBlob({ type: "image/png" });
  return new Uint8Array(await blob.arrayBuffer());
}

const params = new URLSearchParams(location.search);
const figma = new FakeFigma(FONTS, renderPng);
installFakeFigma(figma);
const bridgeUrl = params.get("bridge");
if (bridgeUrl) figma.storage.set("bridgeUrl", bridgeUrl);
const screen = onboardingScreen(figma);

const iframe = document.createElement("iframe");
// As in Figma: a sandboxed iframe without allow-same-origin, so the panel's origin is "null".
iframe.setAttribute("sandbox", "allow-scripts");
iframe.src = "/ui.html";
iframe.width = "380";
iframe.height = "680";
iframe.style.border = "1px solid #ccc";
document.body.append(iframe);

figma.uiListener = (msg) => iframe.contentWindow?.postMessage({ pluginMessage: msg }, "*");
window.addEventListener("message", (e: MessageEvent) => {
  if (e.source !== iframe.contentWindow) return;
  figma.fromUi((e.data as { pluginMessage?: unknown } | null)?.pluginMessage);
});
serveRequests();

/** What the browser test reads back about the document. */
const harness = {
  storage: () => Object.fromEntries(figma.storage),
  clones: () =>
    figma.root.children
      .filter((p) => p.name.startsWith("Shotbridge · "))
      .flatMap((p) => p.children)
      .map((c) => {
        const texts = (c as FakeFrame).children.filter((n): n is FakeText => n instanceof FakeText);
        const title = texts[0];
        return {
          name: c.name,
          title: title?.characters,
          align: title?.textAlignHorizontal,
          fonts: [...new Set(title?.styles.map((s) => `${s.fontName.family} ${s.fontName.style}`))],
        };
      }),
  sourceTitle: () => screen.title.characters,
};
(window as unknown as { harness: typeof harness }).harness = harness;
