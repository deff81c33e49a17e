// Builds the plugin into dist/: code.js (main thread) and ui.html (the panel with its script
// and styles inlined, since Figma loads the UI as one HTML string).
import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
const production = !process.argv.includes("--dev");

await mkdir(dist, { recursive: true });

// Figma's main-thread sandbox runs an older JavaScript engine: lower the syntax.
await build({
  entryPoints: [join(root, "src/main/code.ts")],
  outfile: join(dist, "code.js"),
  bundle: true,
  format: "iife",
  target: "es2017",
  minify: production,
  logLevel: "warning",
});

const ui = await build({
  entryPoints: [join(root, "src/ui/main.ts")],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: production,
  write: false,
  logLevel: "warning",
});
const script = ui.outputFiles[0].text.replace(/<\/script/gi, "<\\/script");
const styles = await readFile(join(root, "src/ui/styles.css"), "utf8");
const template = await readFile(join(root, "src/ui/ui.html"), "utf8");
const html = template.replace("/*STYLES*/", () => styles).replace("/*SCRIPT*/", () => script);
await writeFile(join(dist, "ui.html"), html);
console.log(`built dist/code.js and dist/ui.html (${Math.round(html.length / 1024)} KiB)`);
