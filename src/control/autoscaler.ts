// The autoscaler: pools, their autoscale settings under the service's rules (spec §6.1, §6.2,
// §11.6), the evaluation schedule on an injected clock, 30-s metric samples, run history and
// shadow formulas. Errors are data (Outcome). Browser-safe: Node-only parts are the SQLite store
// and the HTTP server, which plug in through ControlStore and this API.

import { SAMPLE_PERIOD_MS } from "../metrics/series.ts";
import { DEFAULT_AVAILABILITY_DELAY_MS, MetricsStore } from "../metrics/store.ts";
import type { DeallocName } from "../eval/runtime.ts";
import { Schedule, type TimerHandle } from "./clock.ts";
import { fail, ok, propertyDetails, type Outcome } from "./errors.ts";
import { evaluateFormula, poolIdHash, ProgramCache, runPool, type PoolRun } from "./run-pool.ts";
import { SampledPools } from "./pool-samples.ts";
import { toAutoScaleEvent, type PoolRecord } from "./store.ts";
import type { Autoscaler, AutoscalerOptions, PoolView } from "./api.ts";
import { checkFormula, checkInterval, checkPoolSpec, checkTargets, DEFAULT_INTERVAL_MS, ENABLE_THROTTLE_MS, MAX_SHADOWS, nextDue, parseDeallocation, sampleRows } from "./rules.ts";

export type { Autoscaler, AutoscalerOptions, PoolSpec, PoolView } from "./api.ts";

interface Live {
  record: PoolRecord;
  /** false once deleted */
  present: boolean;
  /** poolIdHash of the id (seeds the runs) */
  readonly idHash: number;
  metrics: MetricsStore;
  /** next evaluation instant, undefined when autoscale is off */
  due: number | undefined;
  /** metrics the driver is asked for at every sample (none: it is not asked) */
  wanted: readonly string[];
  running: boolean;
}

/** Creates an autoscaler over a store (its pools are loaded and their schedules resumed). */
export function createAutoscaler(options: AutoscalerOptions): Autoscaler {
  const { clock, store, driver } = options;
  const retentionMs = options.sampleRetentionMs ?? 2 * 3_600_000;
  const availabilityDelayMs = options.availabilityDelayMs ?? DEFAULT_AVAILABILITY_DELAY_MS;
  const persistSamples = options.persistSamples ?? true;
  const programs = new ProgramCache();
  const compiles = (formula: string): boolean => programs.get(formula) !== null;
  const pools = new Map<string, Live>();
  // The pools due at each instant; a pool rescheduled or deleted is skipped at its old instant.
  const due = new Schedule<Live>((live) => live.due);
  let timer: TimerHandle | undefined;
  let nextSample = Math.ceil(clock.now() / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
  let lastPrune = clock.now();
  const sampled = new SampledPools<Live>(() => pools.values());
  let closed = false;

  // The metrics the driver is asked for: those the pool's formulas read that it reports.
  const reported = driver.sampledMetrics ? new Set(driver.sampledMetrics) : undefined;
  const wantedOf = (r: PoolRecord): string[] => {
    if (!r.enableAutoScale || !r.autoScaleFormula) return [];
    const set = new Set(programs.metrics(r.autoScaleFormula));
    for (const f of r.shadowFormulas) for (const m of programs.metrics(f)) set.add(m);
    return reported ? [...set].filter((m) => reported.has(m)) : [...set];
  };

  const view = (live: Live): PoolView => {
    const s = driver.state(live.record.id, clock.now());
    return { ...live.record, currentDedicatedNodes: s.currentDedicatedNodes, currentLowPriorityNodes: s.currentLowPriorityNodes, allocationState: s.allocationState };
  };

  /** Sets the pool's next evaluation (or none); the caller re-arms the timer. */
  const schedule = (live: Live, at: number | undefined): void => {
    due.move(live, live.due, at);
    live.due = at;
  };

  /** Sets the pool's next evaluation (or none) and re-arms the timer. */
  const plan = (live: Live, due: number | undefined): void => {
    schedule(live, due);
    arm();
  };

  function arm(): void {
    if (closed) return;
    const at = Math.min(due.next() ?? Infinity, nextSample);
    if (timer && timer.at === at) return;
    if (timer) clock.cancel(timer);
    timer = undefined;
    if (Number.isFinite(at)) timer = clock.at(at, wake);
  }

  function wake(): void {
    timer = undefined;
    if (closed) return;
    // Same order as the dry-run: the sample of an instant is taken before that instant's evaluations.
    api.sampleDue();
    api.runDue();
    arm();
  }

  /**
   * Commits runs (`runs[i]` of `lives[i]`), then resizes and plans each pool's next run (the
   * caller re-arms the timer). Runs the store refused are not applied: their pools run again at
   * the next instant of their schedule, with the same seq numbers.
   */
  const commit = (lives: readonly Live[], runs: readonly PoolRun[], now: number): void => {
    // Commit first, then act: a crash between the two is repaired on restart (the driver's pools
    // are re-created from the committed targets), and a run is never recorded twice.
    let stored = true;
    try {
      store.commitRuns(runs);
    } catch (e) {
      options.onError?.(e);
      stored = false;
    }
    // One pass: each pool's new record, resize and next instant (the pool's objects are in cache).
    for (let i = 0; i < runs.length; i++) {
      const live = lives[i]!;
      if (!live.present) continue;
      if (!stored) {
        schedule(live, nextDue(live.record, now));
        continue;
      }
      const r = runs[i]!;
      live.record = r.pool;
      if (r.resize) driver.resize(r.pool.id, r.resize, now);
      schedule(live, nextDue(r.pool));
    }
    const onRun = options.onRun;
    if (stored && onRun) for (const r of runs) onRun(r.run);
  };

  const evaluatePool = (live: Live, now: number): PoolRun | undefined => {
    if (live.running || !live.record.enableAutoScale) return undefined;
    live.running = true;
    try {
      const s = driver.state(live.record.id, now);
      return runPool(programs, live.record, s.currentDedicatedNodes, s.currentLowPriorityNodes, live.metrics, now, live.idHash);
    } finally {
      live.running = false;
    }
  };

  /** Runs one pool now (enable, create) and resumes its schedule from the interval after. */
  const runNow = (live: Live): void => {
    const now = clock.now();
    const r = evaluatePool(live, now);
    if (r) commit([live], [r], now);
    else schedule(live, nextDue(live.record));
    arm();
  };

  const newMetrics = (): MetricsStore => new MetricsStore({ availabilityDelayMs, retentionMs });

  const getLive = (id: unknown): Live | undefined => (typeof id === "string" ? pools.get(id) : undefined);
  const notFound = <T>(): Outcome<T> => fail("poolNotFound");

  const update = (live: Live, patch: Partial<PoolRecord>): void => {
    const now = clock.now();
    live.record = { ...live.record, ...patch, lastModified: now, version: live.record.version + 1 };
    store.putPool(live.record);
    live.wanted = wantedOf(live.record);
    sampled.changed();
  };

  /** Holds a new or reloaded pool (its driver pool already made). */
  const enter = (record: PoolRecord): Live => {
    const live: Live = { record, present: true, idHash: poolIdHash(record.id), metrics: newMetrics(), due: undefined, wanted: wantedOf(record), running: false };
    pools.set(record.id, live);
    sampled.add(live);
    return live;
  };

  const api: Autoscaler = {
    addPool(spec) {
      const now = clock.now();
      const bad = checkPoolSpec(spec, compiles);
      if (bad) return bad;
      const slots = spec.taskSlotsPerNode ?? 1;
      const auto = spec.enableAutoScale === true;
      if (pools.has(spec.id) || store.getPool(spec.id)) return fail("poolExists");
      const record: PoolRecord = {
        id: spec.id,
        ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
        vmSize: spec.vmSize ?? "standard_d2s_v3",
        taskSlotsPerNode: slots,
        creationTime: now,
        lastModified: now,
        version: 1,
        enableAutoScale: auto,
        ...(auto ? { autoScaleFormula: spec.autoScaleFormula!, autoScaleEvaluationIntervalMs: spec.autoScaleEvaluationIntervalMs ?? DEFAULT_INTERVAL_MS, scheduleStart: now } : {}),
        targetDedicatedNodes: auto ? 0 : (spec.targetDedicatedNodes ?? 0),
        targetLowPriorityNodes: auto ? 0 : (spec.targetLowPriorityNodes ?? 0),
        shadowFormulas: [],
        runCount: 0,
      };
      store.putPool(record);
      driver.create(record.id, record, now, false);
      const live = enter(record);
      if (auto) runNow(live);
      return ok(view(live));
    },

    getPool(id) {
      const live = getLive(id);
      return live ? ok(view(live)) : notFound();
    },

    listPools() {
      return [...pools.values()].map(view);
    },

    deletePool(id) {
      const live = getLive(id);
      if (!live) return notFound();
      pools.delete(live.record.id);
      live.present = false;
      sampled.changed();
      schedule(live, undefined);
      driver.remove(live.record.id);
      store.deletePool(live.record.id);
      arm();
      return ok(undefined);
    },

    enable(id, settings) {
      const live = getLive(id);
      if (!live) return notFound();
      const now = clock.now();
      const r = live.record;
      const { formula, intervalMs } = settings;
      if (!r.enableAutoScale && formula === undefined) return fail("missingProperty", propertyDetails("autoScaleFormula", "A formula is required to enable autoscale on a pool where it is off."));
      if (r.enableAutoScale && formula === undefined && intervalMs === undefined) return fail("missingProperty", propertyDetails("autoScaleFormula", "Give a new formula, a new evaluation interval, or both."));
      if (formula !== undefined) {
        const f = checkFormula(formula, compiles);
        if (f) return f;
      }
      if (intervalMs !== undefined) {
        const i = checkInterval(intervalMs);
        if (i) return i;
      }
      // A resize operation in progress: a manual one (autoscale off) that has not finished.
      if (!r.enableAutoScale && driver.state(r.id, now).allocationState !== "steady") return fail("poolBeingResized");
      if (r.lastEnable !== undefined && now - r.lastEnable < ENABLE_THROTTLE_MS) return fail("tooManyEnable");
      // Off → on, or any interval given: the schedule restarts from this request (spec §6.1).
      const restart = !r.enableAutoScale || intervalMs !== undefined;
      update(live, {
        enableAutoScale: true,
        autoScaleFormula: formula ?? r.autoScaleFormula!,
        autoScaleEvaluationIntervalMs: intervalMs ?? r.autoScaleEvaluationIntervalMs ?? DEFAULT_INTERVAL_MS,
        lastEnable: now,
        ...(restart ? { scheduleStart: now } : {}),
      });
      if (restart) runNow(live);
      return ok(view(live));
    },

    disable(id) {
      const live = getLive(id);
      if (!live) return notFound();
      const { autoScaleFormula: _f, autoScaleEvaluationIntervalMs: _i, scheduleStart: _s, autoScaleRun: _r, ...rest } = live.record;
      live.record = { ...rest, enableAutoScale: false, lastModified: clock.now(), version: live.record.version + 1 };
      store.putPool(live.record);
      live.wanted = [];
      sampled.changed();
      plan(live, undefined);
      return ok(view(live));
    },

    evaluate(id, formula) {
      const live = getLive(id);
      if (!live) return notFound();
      if (!live.record.enableAutoScale) return fail("invalidState", [{ key: "Reason", value: "Autoscale is not enabled on the pool; enable it before evaluating a formula." }]);
      const f = checkFormula(formula, compiles);
      if (f) return f;
      const now = clock.now();
      const s = driver.state(live.record.id, now);
      const r = live.record;
      const pool = { targetDedicatedNodes: r.targetDedicatedNodes, targetLowPriorityNodes: r.targetLowPriorityNodes, currentDedicatedNodes: s.currentDedicatedNodes, currentLowPriorityNodes: s.currentLowPriorityNodes, taskSlotsPerNode: r.taskSlotsPerNode };
      return ok(evaluateFormula(programs, formula, { now, pool, samples: live.metrics }).run);
    },

    resize(id, targets) {
      const live = getLive(id);
      if (!live) return notFound();
      const r = live.record;
      const now = clock.now();
      if (r.enableAutoScale) return fail("invalidState", [{ key: "Reason", value: "The pool has autoscale enabled; disable it before resizing." }]);
      const { targetDedicatedNodes: d, targetLowPriorityNodes: l } = targets;
      if (d === undefined && l === undefined) return fail("missingProperty", propertyDetails("targetDedicatedNodes", "Give targetDedicatedNodes, targetLowPriorityNodes, or both."));
      const badTargets = checkTargets(d, l);
      if (badTargets) return badTargets;
      const deallocation = parseDeallocation(targets.nodeDeallocationOption);
      if (deallocation === undefined) return fail("invalidProperty", propertyDetails("nodeDeallocationOption", "One of requeue, terminate, taskcompletion, retaineddata."));
      if (driver.state(r.id, now).allocationState !== "steady") return fail("poolBeingResized");
      const next = { dedicated: d ?? r.targetDedicatedNodes, lowPriority: l ?? r.targetLowPriorityNodes, deallocation };
      update(live, { targetDedicatedNodes: next.dedicated, targetLowPriorityNodes: next.lowPriority, nodeDeallocationOption: deallocation });
      driver.resize(r.id, next, now);
      return ok(view(live));
    },

    stopResize(id) {
      const live = getLive(id);
      if (!live) return notFound();
      const now = clock.now();
      if (driver.state(live.record.id, now).allocationState === "steady") return fail("invalidState", [{ key: "Reason", value: "The pool is not resizing." }]);
      driver.stopResize(live.record.id, now);
      const s = driver.state(live.record.id, now);
      update(live, { targetDedicatedNodes: s.currentDedicatedNodes, targetLowPriorityNodes: s.currentLowPriorityNodes });
      return ok(view(live));
    },

    setShadowFormulas(id, formulas) {
      const live = getLive(id);
      if (!live) return notFound();
      if (!Array.isArray(formulas) || formulas.length > MAX_SHADOWS) return fail("invalidProperty", propertyDetails("shadowFormulas", `At most ${MAX_SHADOWS} formulas.`));
      for (const f of formulas) {
        const bad = checkFormula(f, compiles);
        if (bad) return bad;
      }
      update(live, { shadowFormulas: [...formulas] });
      return ok(view(live));
    },

    history(id, opts) {
      const live = getLive(id);
      return live ? ok(store.runs(live.record.id, opts)) : notFound();
    },

    events(id, opts) {
      const live = getLive(id);
      return live ? ok(store.runs(live.record.id, opts).map(toAutoScaleEvent)) : notFound();
    },

    recordSamples(id, samples) {
      const live = getLive(id);
      if (!live) return notFound();
      const rows = sampleRows(live.record.id, samples);
      if (!Array.isArray(rows)) return rows;
      for (const r of rows) live.metrics.append(r.metric, r.t, r.value);
      if (persistSamples && rows.length > 0) store.appendSamples(rows);
      return ok(rows.length);
    },

    metrics(id) {
      return getLive(id)?.metrics;
    },

    runDue() {
      const now = clock.now();
      const batch: PoolRun[] = [];
      const evaluated: Live[] = [];
      const skipped: Live[] = [];
      due.takeDue(now, (live) => {
        live.due = undefined;
        const r = evaluatePool(live, now);
        if (r) {
          batch.push(r);
          evaluated.push(live);
        } else skipped.push(live);
      });
      if (batch.length > 0) commit(evaluated, batch, now);
      for (const live of skipped) if (live.present) schedule(live, nextDue(live.record));
      arm();
      return batch.length;
    },

    sampleDue() {
      const now = clock.now();
      if (now < nextSample) return;
      const t = Math.floor(now / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
      nextSample = t + SAMPLE_PERIOD_MS;
      const rows = sampled.take(driver, t, persistSamples);
      if (rows.length > 0) store.appendSamples(rows);
      // Retention: in memory a slice of the pools at each sample; the store drops whole rows of
      // samples every 10 minutes.
      const before = now - retentionMs;
      sampled.prune(t, before);
      if (now - lastPrune >= 10 * 60_000) {
        lastPrune = now;
        if (persistSamples) store.pruneSamples(before);
      }
    },

    close() {
      closed = true;
      if (timer) clock.cancel(timer);
      timer = undefined;
    },
  };

  // Resume: every stored pool, its recent samples, and its schedule.
  const now = clock.now();
  for (const record of store.loadPools()) {
    driver.create(record.id, record, now, true);
    schedule(enter(record), nextDue(record));
  }
  for (const s of store.samples(undefined, now - retentionMs)) pools.get(s.poolId)?.metrics.append(s.metric, s.t, s.value);
  arm();
  return api;
}

/** Re-exported for callers that build targets by hand. */
export type { DeallocName };
