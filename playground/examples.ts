// Examples: the documented formulas in samples/*.formula, bundled at build time, plus the sample
// evaluation contexts (samples/contexts/*.json), the dry-run formulas (samples/dry-run/*.formula)
// and dry-run workloads (samples/workloads/*.csv|jsonl|json|swf; the globs name data files only, so the
// generator script next to them is not bundled).
const formulas = import.meta.glob<string>("../samples/*.formula", { query: "?raw", import: "default", eager: true });
const dryRunFormulas = import.meta.glob<string>("../samples/dry-run/*.formula", { query: "?raw", import: "default", eager: true });
const contexts = import.meta.glob<string>("../samples/contexts/*.json", { query: "?raw", import: "default", eager: true });
const workloads = import.meta.glob<string>(["../samples/workloads/*.csv", "../samples/workloads/*.jsonl"], { query: "?raw", import: "default", eager: true });
const traces = import.meta.glob<string>(["../samples/workloads/*.json", "../samples/workloads/*.swf"], { query: "?raw", import: "default", eager: true });

/** A bundled text file: its base name and contents. */
export interface NamedText {
  readonly name: string;
  readonly text: string;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

function list(files: Record<string, string>, keep: (name: string) => boolean = () => true): NamedText[] {
  return Object.entries(files)
    .map(([path, text]) => ({ name: baseName(path), text }))
    .filter((f) => keep(f.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** samples/*.formula, by file name, then samples/dry-run/*.formula as `dry-run/<name>`. */
export const EXAMPLES: readonly NamedText[] = [...list(formulas), ...list(dryRunFormulas).map((f) => ({ ...f, name: `dry-run/${f.name}` }))];
/** samples/contexts/*.json, by file name. */
export const CONTEXTS: readonly NamedText[] = list(contexts);
/** samples/workloads/*.csv and *.jsonl by file name, then the Batch task export and SWF samples (*.json, *.swf). */
export const WORKLOADS: readonly NamedText[] = [...list(workloads), ...list(traces)];

/** Shown when there are no samples and no shared state: a small, complete formula. */
export const DEFAULT_FORMULA = `// Follow the pending tasks, between 0 and 10 dedicated nodes.
$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 5);
$tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1)) : avg($PendingTasks.GetSample(TimeInterval_Minute * 5));
$TargetDedicatedNodes = min(10, $tasks / $TaskSlotsPerNode);
$NodeDeallocationOption = taskcompletion;
`;

/** Fills a <select> with names; returns the element for chaining. */
export function fillSelect(select: HTMLSelectElement, items: readonly { value: string; label: string }[]): HTMLSelectElement {
  select.replaceChildren(
    ...items.map((i) => {
      const o = document.createElement("option");
      o.value = i.value;
      o.textContent = i.label;
      return o;
    }),
  );
  return select;
}
