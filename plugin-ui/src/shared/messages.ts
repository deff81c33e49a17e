//! The one message protocol between the panel (UI iframe) and the main thread: typed
//! request/response pairs with ids, plus events the main thread pushes (selection changes).
//! Only plain data crosses: strings, numbers, arrays, objects and `Uint8Array`.

import type { Glossary } from "./glossary";

/** What the panel keeps between runs (in `figma.clientStorage`) and in the document. */
export interface Settings {
  /** The pairing token `shotbridge serve` printed; absent until the user pastes it. */
  token?: string;
  /** The bridge's base URL; absent means `http://localhost:7531` (a test harness may set it). */
  bridgeUrl?: string;
  /** The document's glossary. */
  glossary: Glossary;
}

/** A selected frame, as the panel lists it. */
export interface FrameSummary {
  id: string;
  name: string;
  width: number;
  height: number;
}

/** One caption found in a frame. */
export interface SourceText {
  /** `<frameId>/<nodeId>`: the string id sent to the bridge. */
  id: string;
  nodeId: string;
  /** Layer name, as context for the translator. */
  name: string;
  /** The caption with non-base styles tagged (`<s1>…</s1>`). */
  tagged: string;
}

export interface FrameSource extends FrameSummary {
  texts: SourceText[];
}

/** A font swapped because the design font cannot draw the locale's script or is missing. */
export interface FontSubstitution {
  nodeId: string;
  from: string;
  to: string;
  reason: "script" | "missing";
}

/** How one text node ended up after applying and fitting. */
export interface TextOutcome {
  /** Source node id. */
  nodeId: string;
  /** The node in the clone. */
  cloneNodeId: string;
  /** Measured box ÷ original box; ≤ 1.01 fits. */
  ratio: number;
  fits: boolean;
  /** Visible characters now in the node. */
  length: number;
  /** Font scale applied by shrinking (1 = design size). */
  scale: number;
  /** Styles were spread proportionally because the tags did not survive translation. */
  stylesApproximated: boolean;
  error?: string;
}

export interface LocalizeFrameParams {
  frameId: string;
  locale: string;
  /** Page that collects this run's clones (created when missing). */
  runPage: string;
  /** Grid slot of the clone on the run page. */
  column: number;
  row: number;
  /** Source node id → tagged translation. */
  translations: Record<string, string>;
}

export interface LocalizedFrame {
  cloneId: string;
  name: string;
  texts: TextOutcome[];
  fonts: FontSubstitution[];
}

export interface RefitParams {
  cloneId: string;
  locale: string;
  /** Clone node id → shorter tagged translation to apply first. */
  translations: Record<string, string>;
  /** Clone node ids to shrink when still too big. */
  shrink: string[];
}

export interface ExportParams {
  cloneId: string;
  /** Exact width in pixels; height follows the frame's aspect. */
  width: number;
}

export interface ExportedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Every request the panel can make, with its parameters and answer. */
export interface MainMethods {
  loadSettings: { params: Record<string, never>; result: Settings };
  saveToken: { params: { token: string | null }; result: null };
  saveGlossary: { params: Glossary; result: null };
  selectedFrames: { params: Record<string, never>; result: FrameSummary[] };
  collectFrames: { params: { keepTerms: string[] }; result: FrameSource[] };
  localizeFrame: { params: LocalizeFrameParams; result: LocalizedFrame };
  refitFrame: { params: RefitParams; result: TextOutcome[] };
  exportFrame: { params: ExportParams; result: ExportedImage };
  notify: { params: { message: string; error?: boolean }; result: null };
}

export type Method = keyof MainMethods;
export type Params<M extends Method> = MainMethods[M]["params"];
export type Result<M extends Method> = MainMethods[M]["result"];

/** Events the main thread sends on its own. */
export interface MainEvents {
  selection: FrameSummary[];
}

export type RequestMessage = {
  [M in Method]: { kind: "request"; id: number; method: M; params: Params<M> };
}[Method];

export type ResponseMessage =
  | { kind: "response"; id: number; ok: true; result: unknown }
  | { kind: "response"; id: number; ok: false; error: string };

export type EventMessage = {
  [E in keyof MainEvents]: { kind: "event"; name: E; payload: MainEvents[E] };
}[keyof MainEvents];

export type ToMain = RequestMessage;
export type ToPanel = ResponseMessage | EventMessage;

export function isRequest(m: unknown): m is RequestMessage {
  return typeof m === "object" && m !== null && (m as { kind?: unknown }).kind === "request";
}

export function isToPanel(m: unknown): m is ToPanel {
  const kind = typeof m === "object" && m !== null ? (m as { kind?: unknown }).kind : undefined;
  return kind === "response" || kind === "event";
}
