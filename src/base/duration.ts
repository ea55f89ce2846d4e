// Durations as people write them: `90s`, `15m`, `1h30m`, `2d`, `500ms`, or ISO 8601 `PT15M`
// (simulator options, formula test files) and their compact rendering.

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `90s`, `15m`, `1h30m`, `2d`, `500ms`, a bare number of seconds, or ISO `PT1H30M`/`P1D`. */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== "string") return undefined;
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1_000;
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s)) {
    const [, d, h, m, sec] = iso;
    return Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000 + Number(sec ?? 0) * 1_000;
  }
  const parts = s.match(/\d+(?:\.\d+)?(?:ms|s|m|h|d|w)/gi);
  if (!parts || parts.join("") !== s) return undefined;
  let total = 0;
  for (const p of parts) {
    const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/i.exec(p)!;
    total += Number(n) * UNIT_MS[unit!.toLowerCase()]!;
  }
  return total;
}

/** Compact rendering: `15m`, `1h30m`, `2d4h`, `45s`, `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1_000) return ms === 0 ? "0s" : `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1_000);
  const out: string[] = [];
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out.push(`${n}${unit}`);
    rest -= n * size;
  }
  return out.join("");
}
