//! Reads this repository's Rust `shared` crate sources (the catalog's single source of truth),
//! so tests can check the plugin's tables agree with them.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const crate = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "src");

export function rustSource(file: string): string {
  return readFileSync(join(crate, file), "utf8");
}
