// The playground's test hook (window.__playground, set by playground/main.ts) as the e2e tests see it.

interface Marker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  code?: string | { value: string };
  message: string;
  severity: number;
}

/** What playground/main.ts exposes to tests. */
export interface PlaygroundHook {
  editor: {
    setValue(v: string): void;
    getValue(): string;
    setPosition(p: object): void;
    setSelection(r: object): void;
    focus(): void;
    hasTextFocus(): boolean;
    getAction(id: string): { run(): Promise<void> } | null;
    updateOptions(o: object): void;
  };
  model: { getLineCount(): number; getLineMaxColumn(n: number): number };
  markers(): Marker[];
  evalMarkers(): Marker[];
  explainMarkers(): Marker[];
  inlineValues(): Record<number, string>;
  lintCount(): number;
  lintedLatest(): boolean;
  lastLintMs(): number | undefined;
}

declare global {
  interface Window {
    __playground: PlaygroundHook;
  }
}
