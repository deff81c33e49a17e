//! Where the plugin keeps things: the pairing token in `figma.clientStorage` (this computer
//! only), the glossary in the document's plugin data (travels with the file).

import { parseGlossary, type Glossary } from "../shared/glossary";
import type { Settings } from "../shared/messages";

const TOKEN_KEY = "pairingToken";
/** Set only by test harnesses: the bridge's base URL when not the default. */
const BRIDGE_URL_KEY = "bridgeUrl";
const GLOSSARY_KEY = "shotbridge.glossary";

export async function loadSettings(): Promise<Settings> {
  const [token, bridgeUrl] = await Promise.all([
    figma.clientStorage.getAsync(TOKEN_KEY) as Promise<unknown>,
    figma.clientStorage.getAsync(BRIDGE_URL_KEY) as Promise<unknown>,
  ]);
  const settings: Settings = { glossary: parseGlossary(figma.root.getPluginData(GLOSSARY_KEY)) };
  if (typeof token === "string" && token) settings.token = token;
  if (typeof bridgeUrl === "string" && bridgeUrl) settings.bridgeUrl = bridgeUrl;
  return settings;
}

export async function saveToken(token: string | null): Promise<null> {
  if (token) await figma.clientStorage.setAsync(TOKEN_KEY, token);
  else await figma.clientStorage.deleteAsync(TOKEN_KEY);
  return null;
}

export function saveGlossary(glossary: Glossary): null {
  figma.root.setPluginData(GLOSSARY_KEY, JSON.stringify(glossary));
  return null;
}
