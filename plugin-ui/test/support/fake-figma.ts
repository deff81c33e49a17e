//! A small hand-written fake of the Figma plugin API: enough tree, text styling, fonts, layout
//! and export for the main-thread operations to run in Node tests and in the browser harness.
//! Layout is a simple model (glyph width ∝ font size, greedy word wrap) so overflow is real.

 

export interface Font {
  family: string;
  style: string;
}

type Paint = { type: "SOLID"; color: { r: number; g: number; b: number }; opacity?: number };

export interface CharStyle {
  fontName: Font;
  fontSize: number;
  fills: Paint[];
  textDecoration: string;
  textCase: string;
  letterSpacing: { unit: string; value: number };
  lineHeight: { unit: string; value?: number };
  hyperlink: unknown;
  fillStyleId: string;
  textStyleId: string;
}

export const BLACK: Paint[] = [{ type: "SOLID", color: { r: 0, g: 0, b: 0 } }];

export function baseStyle(patch: Partial<CharStyle> = {}): CharStyle {
  return {
    fontName: { family: "Inter", style: "Regular" },
    fontSize: 20,
    fills: BLACK,
    textDecoration: "NONE",
    textCase: "ORIGINAL",
    letterSpacing: { unit: "PERCENT", value: 0 },
    lineHeight: { unit: "AUTO" },
    hyperlink: null,
    fillStyleId: "",
    textStyleId: "",
    ...patch,
  };
}

const fontKey = (f: Font) => `${f.family}\u0000${f.style}`;

/** Glyph advance: ideographs and hangul are square, everything else about half an em. */
function advance(ch: string, size: number): number {
  return /[\u3000-\u9fff\uac00-\ud7af]/.test(ch) ? size : size * 0.55;
}

export class FakeFigma {
  private nextId = 1;
  readonly nodes = new Map<string, FakeNode>();
  readonly loaded = new Set<string>();
  readonly loadCalls: string[] = [];
  readonly storage = new Map<string, unknown>();
  readonly sentToUi: unknown[] = [];
  readonly notifications: string[] = [];
  undoCommits = 0;
  skipInvisibleInstanceChildren = false;
  readonly mixed = Symbol("mixed");
  readonly root: FakeDocument;
  currentPage: FakePage;
  private uiHandler?: (msg: unknown) => void;
  private readonly events = new Map<string, (() => void)[]>();

  constructor(
    public available: Font[] = [
      { family: "Inter", style: "Regular" },
      { family: "Inter", style: "Bold" },
    ],
    readonly renderPng: (width: number, height: number, frame: FakeFrame) => Promise<Uint8Array> = fakePng,
  ) {
    this.root = new FakeDocument(this);
    this.currentPage = this.createPage();
    this.currentPage.name = "Screens";
  }

  id(): string {
    return `${this.nextId++}:1`;
  }

  register<T extends FakeNode>(node: T): T {
    this.nodes.set(node.id, node);
    return node;
  }

  isLoaded(font: Font): boolean {
    return this.loaded.has(fontKey(font));
  }

  requireLoaded(font: Font): void {
    if (!this.isLoaded(font)) throw new Error(`Cannot write to node with unloaded font "${font.family} ${font.style}"`);
  }

  // --- the PluginAPI surface the plugin uses ---
  readonly clientStorage = {
    getAsync: (key: string) => Promise.resolve(this.storage.get(key)),
    setAsync: (key: string, value: unknown) => {
      this.storage.set(key, value);
      return Promise.resolve();
    },
    deleteAsync: (key: string) => {
      this.storage.delete(key);
      return Promise.resolve();
    },
  };

  readonly ui = {
    postMessage: (msg: unknown) => {
      this.sentToUi.push(msg);
      this.uiListener?.(msg);
    },
  } as { postMessage: (msg: unknown) => void; onmessage?: (msg: unknown) => void };

  /** Where messages to the panel go (the harness forwards them into the iframe). */
  uiListener?: (msg: unknown) => void;

  /** Delivers a message from the panel, as Figma would. */
  fromUi(msg: unknown): void {
    (this.ui.onmessage ?? this.uiHandler)?.(msg);
  }

  showUI(): void {}

  on(event: string, fn: () => void): void {
    this.events.set(event, [...(this.events.get(event) ?? []), fn]);
  }

  emit(event: string): void {
    for (const fn of this.events.get(event) ?? []) fn();
  }

  notify(message: string): void {
    this.notifications.push(message);
  }

  commitUndo(): void {
    this.undoCommits += 1;
  }

  loadFontAsync(font: Font): Promise<void> {
    this.loadCalls.push(fontKey(font));
    if (!this.available.some((f) => fontKey(f) === fontKey(font))) {
      return Promise.reject(new Error(`The font "${font.family} ${font.style}" could not be loaded`));
    }
    this.loaded.add(fontKey(font));
    return Promise.resolve();
  }

  listAvailableFontsAsync(): Promise<{ fontName: Font }[]> {
    return Promise.resolve(this.available.map((fontName) => ({ fontName })));
  }

  getNodeByIdAsync(id: string): Promise<FakeNode | null> {
    const node = this.nodes.get(id);
    return Promise.resolve(node && !node.removed ? node : null);
  }

  createPage(): FakePage {
    const page = this.register(new FakePage(this));
    this.root?.appendChild(page);
    return page;
  }

  createFrame(name: string, width: number, height: number): FakeFrame {
    const frame = this.register(new FakeFrame(this, "FRAME"));
    frame.name = name;
    frame.width = width;
    frame.height = height;
    this.currentPage.appendChild(frame);
    return frame;
  }

  createText(runs: { text: string; style?: Partial<CharStyle> }[], box: { width: number; height?: number; autoResize?: string } = { width: 300 }): FakeText {
    const node = this.register(new FakeText(this));
    node.chars = runs.map((r) => r.text).join("");
    node.styles = runs.flatMap((r) => Array.from({ length: r.text.length }, () => baseStyle(r.style)));
    node.name = node.chars.slice(0, 30);
    node.width = box.width;
    (node as unknown as { autoResize: string }).autoResize = box.autoResize ?? "HEIGHT";
    node.layout();
    if (box.height !== undefined) node.height = box.height;
    return node;
  }
}

export class FakeNode {
  readonly id: string;
  name = "";
  parent: FakeContainer | null = null;
  visible = true;
  locked = false;
  removed = false;
  x = 0;
  y = 0;
  width = 0;
  height = 0;
  readonly pluginData = new Map<string, string>();

  constructor(
    protected readonly figma: FakeFigma,
    readonly type: string,
  ) {
    this.id = figma.id();
  }

  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? "";
  }

  setPluginData(key: string, value: string): void {
    this.pluginData.set(key, value);
  }

  remove(): void {
    this.removed = true;
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
    this.parent = null;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }

  copyInto(copy: FakeNode): void {
    Object.assign(copy, { name: this.name, visible: this.visible, locked: this.locked, x: this.x, y: this.y, width: this.width, height: this.height });
    for (const [k, v] of this.pluginData) copy.pluginData.set(k, v);
  }

  deepClone(): FakeNode {
    const copy = this.figma.register(new FakeNode(this.figma, this.type));
    this.copyInto(copy);
    return copy;
  }
}

export class FakeContainer extends FakeNode {
  children: FakeNode[] = [];

  appendChild(node: FakeNode): void {
    if (node.parent) node.parent.children = node.parent.children.filter((c) => c !== node);
    node.parent = this;
    this.children.push(node);
  }

  findAllWithCriteria({ types }: { types: string[] }): FakeNode[] {
    const out: FakeNode[] = [];
    const walk = (n: FakeNode) => {
      if (n !== this && types.includes(n.type)) out.push(n);
      if (n instanceof FakeContainer) n.children.forEach(walk);
    };
    walk(this);
    return out;
  }
}

export class FakeDocument extends FakeContainer {
  declare children: FakePage[];
  constructor(figma: FakeFigma) {
    super(figma, "DOCUMENT");
  }
}

export class FakePage extends FakeContainer {
  selection: FakeNode[] = [];
  constructor(figma: FakeFigma) {
    super(figma, "PAGE");
  }
  loadAsync(): Promise<void> {
    return Promise.resolve();
  }
}

export class FakeFrame extends FakeContainer {
  override deepClone(): FakeFrame {
    const copy = this.figma.register(new FakeFrame(this.figma, this.type));
    this.copyInto(copy);
    for (const c of this.children) copy.appendChild(c.deepClone());
    return copy;
  }

  clone(): FakeFrame {
    const copy = this.deepClone();
    this.figma.currentPage.appendChild(copy);
    return copy;
  }

  async exportAsync(settings: { format: string; constraint?: { type: string; value: number } }): Promise<Uint8Array> {
    const scale = settings.constraint?.type === "WIDTH" ? settings.constraint.value / this.width : (settings.constraint?.value ?? 1);
    return this.figma.renderPng(Math.round(this.width * scale), Math.round(this.height * scale), this);
  }
}

export class FakeText extends FakeNode {
  chars = "";
  styles: CharStyle[] = [];
  private autoResize = "HEIGHT";
  textAlignHorizontal = "LEFT";

  constructor(figma: FakeFigma) {
    super(figma, "TEXT");
  }

  get textAutoResize(): string {
    return this.autoResize;
  }

  /** Like Figma, changing how the box grows lays the text out again at once. */
  set textAutoResize(mode: string) {
    for (const s of this.styles) this.figma.requireLoaded(s.fontName);
    this.autoResize = mode;
    this.layout();
  }

  override deepClone(): FakeText {
    const copy = this.figma.register(new FakeText(this.figma));
    this.copyInto(copy);
    copy.chars = this.chars;
    copy.styles = this.styles.map((s) => ({ ...s }));
    copy.autoResize = this.autoResize;
    copy.textAlignHorizontal = this.textAlignHorizontal;
    return copy;
  }

  get characters(): string {
    return this.chars;
  }

  set characters(value: string) {
    for (const s of this.styles) this.figma.requireLoaded(s.fontName);
    const first = this.styles[0] ?? baseStyle();
    this.chars = value;
    this.styles = Array.from({ length: value.length }, () => ({ ...first }));
    this.layout();
  }

  get hasMissingFont(): boolean {
    return this.styles.some((s) => !this.figma.available.some((f) => fontKey(f) === fontKey(s.fontName)));
  }

  getStyledTextSegments(fields: (keyof CharStyle)[]): ({ characters: string; start: number; end: number } & Partial<CharStyle>)[] {
    const pick = (s: CharStyle) => JSON.stringify(fields.map((f) => s[f]));
    const out: ({ characters: string; start: number; end: number } & Partial<CharStyle>)[] = [];
    this.styles.forEach((s, i) => {
      const last = out[out.length - 1];
      if (last && pick(this.styles[i - 1] ?? s) === pick(s)) {
        last.end = i + 1;
        last.characters = this.chars.slice(last.start, last.end);
      } else {
        const seg: { characters: string; start: number; end: number } & Partial<CharStyle> = { characters: this.chars[i] ?? "", start: i, end: i + 1 };
        for (const f of fields) (seg as Record<string, unknown>)[f] = structuredClone(s[f]);
        out.push(seg);
      }
    });
    return out;
  }

  private setRange<K extends keyof CharStyle>(start: number, end: number, key: K, value: CharStyle[K]): void {
    if (start < 0 || end > this.chars.length || start >= end) throw new Error(`bad range ${start}..${end} of ${this.chars.length}`);
    for (let i = start; i < end; i++) {
      const s = this.styles[i];
      if (s) {
        if (key !== "fontName") this.figma.requireLoaded(s.fontName);
        s[key] = structuredClone(value);
      }
    }
    this.layout();
  }

  setRangeFontName(start: number, end: number, font: Font): void {
    this.figma.requireLoaded(font);
    this.setRange(start, end, "fontName", font);
  }
  setRangeFontSize(s: number, e: number, v: number): void {
    this.setRange(s, e, "fontSize", v);
  }
  setRangeFills(s: number, e: number, v: Paint[]): void {
    this.setRange(s, e, "fills", v);
  }
  setRangeTextDecoration(s: number, e: number, v: string): void {
    this.setRange(s, e, "textDecoration", v);
  }
  setRangeTextCase(s: number, e: number, v: string): void {
    this.setRange(s, e, "textCase", v);
  }
  setRangeLetterSpacing(s: number, e: number, v: CharStyle["letterSpacing"]): void {
    this.setRange(s, e, "letterSpacing", v);
  }
  setRangeLineHeight(s: number, e: number, v: CharStyle["lineHeight"]): void {
    this.setRange(s, e, "lineHeight", v);
  }
  setRangeHyperlink(s: number, e: number, v: unknown): void {
    this.setRange(s, e, "hyperlink", v);
  }
  setRangeFillStyleIdAsync(s: number, e: number, v: string): Promise<void> {
    this.setRange(s, e, "fillStyleId", v);
    return Promise.resolve();
  }
  setRangeTextStyleIdAsync(s: number, e: number, v: string): Promise<void> {
    this.setRange(s, e, "textStyleId", v);
    return Promise.resolve();
  }

  override resize(width: number, height: number): void {
    super.resize(width, height);
    if (this.textAutoResize === "HEIGHT") this.layout();
  }

  /** Lines after greedy word wrap at the current width (no wrap when the width grows). */
  private lines(wrapWidth: number | null): number[] {
    const widths: number[] = [];
    let start = 0;
    for (const para of this.chars.split("\n")) {
      let line = 0;
      let offset = start;
      start += para.length + 1;
      const words = para.split(/(?<=\s)/);
      for (const word of words) {
        let w = 0;
        for (let i = 0; i < word.length; i++) w += advance(word[i] ?? "", this.styles[offset + i]?.fontSize ?? 12);
        offset += word.length;
        if (wrapWidth !== null && line > 0 && line + w > wrapWidth + 0.01) {
          widths.push(line);
          line = w;
        } else line += w;
      }
      widths.push(line);
    }
    return widths;
  }

  layout(): void {
    const size = Math.max(...this.styles.map((s) => s.fontSize), 1);
    if (this.textAutoResize === "WIDTH_AND_HEIGHT") {
      const lines = this.lines(null);
      this.width = Math.max(...lines);
      this.height = lines.length * size * 1.2;
    } else if (this.textAutoResize === "HEIGHT") {
      this.height = this.lines(this.width).length * size * 1.2;
    }
  }
}

/** A PNG signature and IHDR with the size (enough for a size check; no pixel data). */
export function fakePng(width: number, height: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 2, 0, 0, 0], 24);
  return Promise.resolve(bytes);
}

/** Installs the fake as the `figma` global the main-thread code uses. */
export function installFakeFigma(fake: FakeFigma): void {
  (globalThis as unknown as { figma: unknown }).figma = fake;
}
