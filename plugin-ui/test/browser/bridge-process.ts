//! Starts a real `shotbridge serve --sandbox` on a free port with a known token, and waits
//! until it answers its health check (on its own output, not on a timer).

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export interface RunningBridge {
  url: string;
  token: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** The bridge binary: SHOTBRIDGE_BIN, else the workspace's debug build. */
export function bridgeBinary(repoRoot: string): string {
  const bin = process.env.SHOTBRIDGE_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repoRoot, "target"), "debug", "shotbridge");
  if (!existsSync(bin)) {
    throw new Error(
      `The bridge binary is missing at ${bin}. Build it with \`cargo build -p shotbridge\` at the repository root, or point SHOTBRIDGE_BIN at it.`,
    );
  }
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startBridge(bin: string, token: string): Promise<RunningBridge> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(bin, ["serve", "--sandbox", "--port", String(port), "--token", token], {
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "info", SHOTBRIDGE_TOKEN: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const tryHealth = () => {
      if (settled) return;
      fetch(`${url}/v1/health`)
        .then((res) => {
          if (res.ok && !settled) {
            settled = true;
            resolve();
          }
        })
        .catch(() => undefined);
    };
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      tryHealth();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`shotbridge serve exited (${code ?? "signal"}) before answering:\n${log}`));
      }
    });
    child.once("error", (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
  });
  return {
    url,
    token,
    process: child,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
