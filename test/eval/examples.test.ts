// Spec §8 examples evaluated against hand-built histories. Every expected results string was
// worked out by hand from the semantics (§6.4, §11.3–§11.5), not copied from program output;
// the derivation is in the comment above each case. Histories come from `history(count, f, age)`:
// one sample every 30 s, the newest `age` before now (default 30 s), value f(k) for the k-th newest.
import { describe, expect, it } from "vitest";
import { compile, evaluateAutoScale, type EvalContext, type SampleRecord } from "../../src/eval/evaluate.ts";
import type { PoolState } from "../../src/eval/results.ts";
import { history, NOW, pool } from "./helpers.ts";

interface Case {
  readonly name: string;
  readonly formula: string;
  readonly samples?: SampleRecord;
  readonly pool?: Partial<PoolState>;
  readonly now?: string;
  readonly delay?: number;
  readonly results: string;
  readonly error?: { code: string; value: string };
}

const SVC = (d: number | string, lp: number | string, opt = "requeue") => `$TargetDedicatedNodes=${d};$TargetLowPriorityNodes=${lp};$NodeDeallocationOption=${opt}`;

const E1 = `startingNumberOfVMs = 1;
maxNumberofVMs = 25;
pendingTaskSamplePercent = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second);
pendingTaskSamples = pendingTaskSamplePercent < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second));
$TargetDedicatedNodes=min(maxNumberofVMs, pendingTaskSamples);
$NodeDeallocationOption = taskcompletion;`;

const E2 = `maxNumberofVMs = 25;
$TargetDedicatedNodes = min(maxNumberofVMs, $PreemptedNodeCount.GetSample(180 * TimeInterval_Second));
$TargetLowPriorityNodes = min(maxNumberofVMs , maxNumberofVMs - $TargetDedicatedNodes);
$NodeDeallocationOption = taskcompletion;`;

const E3 = `$totalDedicatedNodes =
    (min($CPUPercent.GetSample(TimeInterval_Minute * 10)) > 0.7) ?
    ($CurrentDedicatedNodes * 1.1) : $CurrentDedicatedNodes;
$totalDedicatedNodes =
    (avg($CPUPercent.GetSample(TimeInterval_Minute * 60)) < 0.2) ?
    ($CurrentDedicatedNodes * 0.9) : $totalDedicatedNodes;
$TargetDedicatedNodes = min(400, $totalDedicatedNodes)`;

const E5_BODY = `$curTime = time();
$workHours = $curTime.hour >= 8 && $curTime.hour < 18;
$isWeekday = $curTime.weekday >= 1 && $curTime.weekday <= 5;
$isWorkingWeekdayHour = $workHours && $isWeekday;
$TargetDedicatedNodes = $isWorkingWeekdayHour ? 20:10;`;
const E5 = `${E5_BODY}\n$NodeDeallocationOption = taskcompletion;`;

const E6 = `// Get pending tasks for the past 15 minutes.
$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 15);
// If we have fewer than 70 percent data points, we use the last sample point,
// otherwise we use the maximum of last sample point and the history average.
$tasks = $samples < 70 ? max(0,$PendingTasks.GetSample(1)) : max( $PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 15)));
// If number of pending tasks is not 0, set targetVM to pending tasks, otherwise
// half of current dedicated.
$targetVMs = $tasks > 0? $tasks:max(0, $TargetDedicatedNodes/2);
// The pool size is capped at 20, if target VM value is more than that, set it
// to 20. This value should be adjusted according to your use case.
$TargetDedicatedNodes = max(0, min($targetVMs, 20));
// Set node deallocation mode - let running tasks finish before removing a node
$NodeDeallocationOption = taskcompletion;`;

const E7 = `$samples = $ActiveTasks.GetSamplePercent(TimeInterval_Minute * 15);
$tasks = $samples < 70 ? max(0,$ActiveTasks.GetSample(1)) : max( $ActiveTasks.GetSample(1),avg($ActiveTasks.GetSample(TimeInterval_Minute * 15)));
$cores = $TargetDedicatedNodes * 4;
$extraVMs = (($tasks - $cores) + 3) / 4;
$targetVMs = ($TargetDedicatedNodes + $extraVMs);
$TargetDedicatedNodes = max(0,min($targetVMs,3));
$NodeDeallocationOption = taskcompletion;`;

const E8 = (created: string) => `    $TargetDedicatedNodes = 4;
    lifespan         = time() - time("${created}");
    span             = TimeInterval_Minute * 60;
    startup          = TimeInterval_Minute * 10;
    ratio            = 50;

    $TargetDedicatedNodes = (lifespan > startup ? (max($RunningTasks.GetSample(span, ratio), $ActiveTasks.GetSample(span, ratio)) == 0 ? 0 : $TargetDedicatedNodes) : 4);`;

const E11 = `// Determine whether 70% of the samples have been recorded in the past 15 minutes; if not, use last sample
$Samples = $ActiveTasks.GetSamplePercent(TimeInterval_Minute * 15);
$Tasks = $Samples < 70 ? max(0,$ActiveTasks.GetSample(1)) : max( $ActiveTasks.GetSample(1),avg($ActiveTasks.GetSample(TimeInterval_Minute * 15)));
$Cores = $TargetDedicated * 4;
$ExtraVMs = ($Tasks - $Cores) / 4;
$TargetVMs = ($TargetDedicated+$ExtraVMs);
$TargetDedicated = max(0,min($TargetVMs,3));
$NodeDeallocationOption = taskcompletion;`;

const E12 = "totalNodes=($CPUPercent.GetSamplePercent(TimeInterval_Minute*0,TimeInterval_Minute*10)<0.7?5:(min($CPUPercent.GetSample(TimeInterval_Minute*0, TimeInterval_Minute*10))>0.8?($CurrentDedicated*1.1):$CurrentDedicated));$TargetDedicated=min(100,totalNodes);";

const E15 = `percentage = 70;
span = TimeInterval_Minute * 15;
$samples = $ActiveTasks.GetSamplePercent(span);
$tasks = $samples < percentage ? max(0,$ActiveTasks.GetSample(1)) : max( $ActiveTasks.GetSample(1), avg($ActiveTasks.GetSample(span)));
multiplier = 0.25;
$cores = $TargetDedicatedNodes * 4;
$extraVMs = (($tasks - $cores) + 3) * multiplier;
$targetVMs = ($TargetDedicatedNodes + $extraVMs);
$TargetDedicatedNodes = max(0, min($targetVMs, 3));
$NodeDeallocationOption = taskcompletion;`;

const E16 = `initialPoolSize = 4;
$TargetDedicatedNodes = initialPoolSize;
lifespan = time() - time(\\"Mon, 06 Oct 2014 10:20:00 GMT\\");
span = TimeInterval_Minute * 60;`;

// doAzureParallel QUEUE formula with its %s filled in: maxTasksPerNode 4, dedicated 2..3, low-priority 5..10.
const E17 =
  "$samples = $ActiveTasks.GetSamplePercent(TimeInterval_Minute * 15);$tasks = $samples < 70 ? max(0,$ActiveTasks.GetSample(1)) : max( $ActiveTasks.GetSample(1), avg($ActiveTasks.GetSample(TimeInterval_Minute * 15)));$maxTasksPerNode = 4;$round = $maxTasksPerNode - 1;$targetVMs = $tasks > 0 ? (($tasks + $round) / $maxTasksPerNode) : max(0, $TargetDedicated/2) + 0.5;$TargetDedicatedNodes = max(2, min($targetVMs, 3));$TargetLowPriorityNodes = max(5, min($targetVMs, 10));$NodeDeallocationOption = taskcompletion;";

const E18 = `maxTasksPerNode = 8;
maxTargetLowPriority = 5000;
pendingTasks = max($PendingTasks.GetSample(1));
requiredNodes = pendingTasks / maxTasksPerNode;
lowPriorityNodes = (pendingTasks > 0 && requiredNodes < 1) ? 1 : requiredNodes;
lowPriorityNodes = min(maxTargetLowPriority, lowPriorityNodes);
$TargetLowPriorityNodes = min($CurrentLowPriorityNodes + 25, lowPriorityNodes);
$NodeDeallocationOption = requeue;`;

// batch-shipyard#138: a generated formula (statements joined with ";\n") whose line 9 is the
// unguarded average; column 43 is the "(" after GetSample.
const SHIPYARD = [
  "maxTargetDedicated = 16",
  "maxTargetLowPriority = 0",
  "maxTasksPerNode = 1",
  "sli = TimeInterval_Second * 900",
  "tasksPerNode = maxTasksPerNode",
  "nodesPerDivisor = 1",
  "dedicatedOnly = maxTargetLowPriority == 0",
  "samplepercent = $PendingTasks.GetSamplePercent(sli)",
  "samplevecavg = avg($PendingTasks.GetSample(sli))",
  "reqVMs = ceil(samplevecavg / tasksPerNode)",
  "$TargetDedicatedNodes = min(maxTargetDedicated, reqVMs)",
  "$NodeDeallocationOption = taskcompletion",
].join(";\n");

const E19 = (created: string) => `$NodeDeallocationOption = taskcompletion;
lifespan = time() - time("${created}");
span = TimeInterval_Second * 90;
startup = TimeInterval_Minute * 2;
ratio = 10;
$TargetLowPriorityNodes = (lifespan > startup ? min($PendingTasks.GetSample(span, ratio)) : 1);`;

const E20 = (created: string) => `lifespan = time() - time("${created}");
interval = TimeInterval_Minute * 5;
$samples = $PendingTasks.GetSamplePercent(interval);
$tasks = $samples < 70 ? max(0, $PendingTasks.GetSample(1)) : max( $PendingTasks.GetSample(1), avg($PendingTasks.GetSample(interval)));
$targetVMs = $tasks > 0 ? $tasks : max(0, $TargetDedicatedNodes/2);
targetPoolSize = max(0, min($targetVMs, 10));
$TargetDedicatedNodes = lifespan < interval ? 1 : targetPoolSize;
$NodeDeallocationOption = taskcompletion;`;

const E21 = `$sampleTimeIntervalMinutes = 15 * TimeInterval_Minute;
$samplePercentThreshold = 70;
$pendingTasksSamplePercent = $PendingTasks.GetSamplePercent($sampleTimeIntervalMinutes);
$pendingTasksVector = $PendingTasks.GetSample(TimeInterval_Minute, $sampleTimeIntervalMinutes);
$pendingTasksAvg = avg($pendingTasksVector);
$runningTasksSamplePercent = $RunningTasks.GetSamplePercent($sampleTimeIntervalMinutes);
$runningTasksVector = $RunningTasks.GetSample(TimeInterval_Minute, $sampleTimeIntervalMinutes);
$runningTasksAvg = avg($runningTasksVector);
$taskProcessingRatio = $runningTasksAvg / ($pendingTasksAvg > 0 ? $pendingTasksAvg : 1);
$taskProcessingRatio = $pendingTasksAvg > 0 ? $taskProcessingRatio : -1;
$taskProcessingRatioResult = ($pendingTasksSamplePercent < $samplePercentThreshold || $runningTasksSamplePercent < $samplePercentThreshold) ? -1 : $taskProcessingRatio;`;

const E22 = `// Get pending tasks for the past 15 minutes.
$samples = $ActiveTasks.GetSamplePercent(TimeInterval_Minute * 15);
// If we have fewer than 70 percent data points, we use the last sample point, otherwise we use the maximum of last sample point and the history average.
$tasks = $samples < 70 ? max(0, $ActiveTasks.GetSample(1)) : 
max( $ActiveTasks.GetSample(1), avg($ActiveTasks.GetSample(TimeInterval_Minute * 15)));
// If number of pending tasks is not 0, set targetVM to pending tasks, otherwise half of current dedicated.
$targetVMs = $tasks > 0 ? $tasks : max(0, $TargetDedicatedNodes / 2);
// The pool size is capped at 20, if target VM value is more than that, set it to 20. This value should be adjusted according to your use case.
cappedPoolSize = 3;
$TargetDedicatedNodes = max(1, min($targetVMs, cappedPoolSize));
// Set node deallocation mode - keep nodes active only until tasks finish
$NodeDeallocationOption = taskcompletion;`;

const E23 =
  "$maxComputeNodeLimit=1;$minCapacity = 0;$LastSampledActiveTasks =$ActiveTasks.GetSample(1);$LastSampledRunningTasks =$RunningTasks.GetSample(1);$RunningAndWaiting = max($LastSampledActiveTasks, 0) + max($LastSampledRunningTasks, 0);$needcompute =$RunningAndWaiting >= 1;$nodesToAllocate =$RunningAndWaiting >$maxComputeNodeLimit ?$maxComputeNodeLimit:$RunningAndWaiting;$TargetDedicated =$needcompute ?$nodesToAllocate:$minCapacity;";

const E24 = `startingNumberOfVMs = 1;
maxNumberofVMs = 10;
activeTaskSamplePercent = $ActiveTasks.GetSamplePercent(180 * TimeInterval_Second);
activeTaskMax = activeTaskSamplePercent < 70 ? startingNumberOfVMs : max($ActiveTasks.GetSample(180 *   TimeInterval_Second));
$TargetDedicatedNodes = min(maxNumberofVMs, activeTaskMax / $TaskSlotsPerNode);
$NodeDeallocationOption = taskcompletion;`;

const E26 = `$tasks = max(0, $ActiveTasks.GetSample(1));
// If number of tasks is not 0, set targetVM to pending tasks, otherwise 0.
$targetVMs = $tasks > 0 ? $tasks : 0;
// The pool size is capped at 5, if target VM value is more than that, set it to 5.
cappedPoolSize = 5;
$TargetDedicatedNodes = max(0, min($targetVMs, cappedPoolSize));
// Set node deallocation mode - keep nodes active only until tasks finish
$NodeDeallocationOption = taskcompletion;`;

const tail = (n: number) => history(n, (k) => k); // value = age rank: newest (now−30 s, hidden) is 0

// prettier-ignore
const CASES: Case[] = [
  // E1, 60 s delay: (now−180 s, now] holds now−60 … now−150 → 4 of 6 = 66.6667 % < 70 → the starting size 1.
  { name: "E1 pending tasks, usual 4-of-6 coverage takes the fallback", formula: E1, samples: { $PendingTasks: history(20, (k) => 10 * (k + 1)) },
    results: `${SVC(1, 0, "taskcompletion")};maxNumberofVMs=25;pendingTaskSamplePercent=66.6667;pendingTaskSamples=1;startingNumberOfVMs=1` },
  // E1, no delay: now−30 … now−150 → 5 of 6 = 83.3333 %; avg(10, 20, 30, 40, 50) = 30; min(25, 30) = 25.
  { name: "E1 pending tasks, 5-of-6 coverage averages", formula: E1, delay: 0, samples: { $PendingTasks: history(20, (k) => 10 * (k + 1)) },
    results: `${SVC(25, 0, "taskcompletion")};maxNumberofVMs=25;pendingTaskSamplePercent=83.3333;pendingTaskSamples=30;startingNumberOfVMs=1` },
  // E2, 60 s delay: 4 of 6 = 66 % < 70 → InsufficientSampleData at line 2, the "(" after GetSample (col 74); pool targets kept.
  { name: "E2 preempted nodes fails on thin data", formula: E2, samples: { $PreemptedNodeCount: history(20, () => 2) }, pool: { targetDedicatedNodes: 3, targetLowPriorityNodes: 7 },
    results: `${SVC(3, 7)};maxNumberofVMs=25`,
    error: { code: "InsufficientSampleData", value: "Line 2, Col 74: Insufficient data from data set: $PreemptedNodeCount wanted 70%, received 66%" } },
  // E2, no delay: 5 of 6; min(25, [2,2,2,2,2]) = 2; low priority min(25, 25 − 2) = 23.
  { name: "E2 preempted nodes", formula: E2, delay: 0, samples: { $PreemptedNodeCount: history(20, () => 2) },
    results: `${SVC(2, 23, "taskcompletion")};maxNumberofVMs=25` },
  // E3: 10 min → 18/20, 60 min → 118/120; all 0.8: min 0.8 > 0.7 → 10 × 1.1 = 11; avg 0.8 ≥ 0.2 keeps it.
  { name: "E3 CPU scale-up", formula: E3, samples: { $CPUPercent: history(130, () => 0.8) }, pool: { currentDedicatedNodes: 10 },
    results: `${SVC(11, 0)};$totalDedicatedNodes=11` },
  // E3, all 0.1: min ≤ 0.7 keeps 10; avg 0.1 < 0.2 → 10 × 0.9 = 9.
  { name: "E3 CPU scale-down", formula: E3, samples: { $CPUPercent: history(130, () => 0.1) }, pool: { currentDedicatedNodes: 10 },
    results: `${SVC(9, 0)};$totalDedicatedNodes=9` },
  // E4: 2024-05-01 is a Wednesday (weekday 3) → 1; 2024-04-29 is a Monday → 5.
  { name: "E4 weekday, Wednesday", formula: "$TargetDedicatedNodes = (time().weekday == 1 ? 5:1);", results: SVC(1, 0) },
  { name: "E4 weekday, Monday", formula: "$TargetDedicatedNodes = (time().weekday == 1 ? 5:1);", now: "2024-04-29T09:00:00Z", results: SVC(5, 0) },
  // E5 on Wednesday noon: work hours 1, weekday 1 → 20.
  { name: "E5 time-based", formula: E5,
    results: `${SVC(20, 0, "taskcompletion")};$curTime=2024-05-01T12:00:00.000Z;$isWeekday=1;$isWorkingWeekdayHour=1;$workHours=1` },
  // E5 without its last line at the 2016 capture's instant (Thursday 19:18): hour 19 → 0 → 10 (the live 2016 result, plus the later low-priority target).
  { name: "E5 time-based, 2016 capture", formula: E5_BODY, now: "2016-10-13T19:18:47.805Z",
    results: `${SVC(10, 0)};$curTime=2016-10-13T19:18:47.805Z;$isWeekday=1;$isWorkingWeekdayHour=0;$workHours=0` },
  // E5 time-zone variant: 19:18 − 6 h = 13:18 → work hours → 20.
  { name: "E5 time-zone variant", formula: E5_BODY.replace("time();", "time() + (-6 * TimeInterval_Hour);"), now: "2016-10-13T19:18:47.805Z",
    results: `${SVC(20, 0)};$curTime=2016-10-13T13:18:47.805Z;$isWeekday=1;$isWorkingWeekdayHour=1;$workHours=1` },
  // E6, full history, value = age rank: 15 min window holds ranks 1..28 → 93.3333 %; max(last = 1, avg = 14.5) = 14.5.
  { name: "E6 task-based with history", formula: E6, samples: { $PendingTasks: tail(60) },
    results: `${SVC(14.5, 0, "taskcompletion")};$samples=93.3333;$targetVMs=14.5;$tasks=14.5` },
  // E6, no history, pool target 4: 0 % → max(0, []) = 0 → half the target: 2.
  { name: "E6 task-based, empty history", formula: E6, pool: { targetDedicatedNodes: 4 },
    results: `${SVC(2, 0, "taskcompletion")};$samples=0;$targetVMs=2;$tasks=0` },
  // E7: 9 visible of 30 = 30 % → last sample 13; cores 4; extra ((13 − 4) + 3) / 4 = 3; target min(1 + 3, 3) = 3.
  { name: "E7 parallel tasks", formula: E7, samples: { $ActiveTasks: history(10, () => 13) }, pool: { targetDedicatedNodes: 1 },
    results: `${SVC(3, 0, "taskcompletion")};$cores=4;$extraVMs=3;$samples=30;$targetVMs=4;$tasks=13` },
  // E8, pool an hour old, every task count 0 over the hour (118/120 ≥ 50 %) → 0.
  { name: "E8 initial pool size, idle pool shrinks to 0", formula: E8("Wed, 01 May 2024 11:00:00 GMT"),
    samples: { $RunningTasks: history(130, () => 0), $ActiveTasks: history(130, () => 0) },
    results: `${SVC(0, 0)};lifespan=01:00:00;ratio=50;span=01:00:00;startup=00:10:00` },
  // E8, 49 of 120 running samples = 40.8 % < 50 → fails at line 7 col 75 (the "(" after $RunningTasks.GetSample, after 4 spaces of indent).
  { name: "E8 thin history fails with the wanted ratio", formula: E8("Wed, 01 May 2024 11:00:00 GMT"),
    samples: { $RunningTasks: history(50, () => 0), $ActiveTasks: history(130, () => 0) }, pool: { targetDedicatedNodes: 6 },
    results: `${SVC(6, 0)};lifespan=01:00:00;ratio=50;span=01:00:00;startup=00:10:00`,
    error: { code: "InsufficientSampleData", value: "Line 7, Col 79: Insufficient data from data set: $RunningTasks wanted 50%, received 40%" } },
  // E8, pool 5 minutes old: lifespan ≤ startup, the sample branch is never evaluated (no history at all) → 4.
  { name: "E8 young pool skips the samples", formula: E8("Wed, 01 May 2024 11:55:00 GMT"),
    results: `${SVC(4, 0)};lifespan=00:05:00;ratio=50;span=01:00:00;startup=00:10:00` },
  // E9: (now−6 min, now−1 min] holds now−60 … now−330 s: 10 samples, ranks 10..1 oldest first.
  { name: "E9 range between look-backs", formula: "$runningTasksSample = $RunningTasks.GetSample(1 * TimeInterval_Minute, 6 * TimeInterval_Minute);",
    samples: { $RunningTasks: tail(40) }, results: `${SVC(0, 0)};$runningTasksSample=[10,9,8,7,6,5,4,3,2,1]` },
  // E9: (now−120 s, now−60 s] → ranks 2, 1; 2 of 2 expected.
  { name: "E9 range with percent", formula: "$runningTasksSample = $RunningTasks.GetSample(60 * TimeInterval_Second, 120 * TimeInterval_Second, 75);",
    samples: { $RunningTasks: tail(40) }, results: `${SVC(0, 0)};$runningTasksSample=[2,1]` },
  // E10 uses the alias $TargetDedicated; results print the full name.
  { name: "E10 alias target", formula: `${E5_BODY.replace("$TargetDedicatedNodes =", "$TargetDedicated =")}`,
    results: `${SVC(20, 0)};$curTime=2024-05-01T12:00:00.000Z;$isWeekday=1;$isWorkingWeekdayHour=1;$workHours=1` },
  // E11 (2015 names), pool target 2, no samples: tasks 0; cores 8; extra −2; target max(0, min(0, 3)) = 0.
  { name: "E11 2015 names", formula: E11, pool: { targetDedicatedNodes: 2 },
    results: `${SVC(0, 0, "taskcompletion")};$Cores=8;$ExtraVMs=-2;$Samples=0;$TargetVMs=0;$Tasks=0` },
  // E12, no CPU samples: percent 0 < 0.7 → 5 (the live output was "$TargetDedicated=5;$NodeDeallocationOption=requeue;totalNodes=5").
  { name: "E12 REST sample", formula: E12, results: `${SVC(5, 0)};totalNodes=5` },
  // E14: 10 min window (now−600, now−60] holds ranks 1..18 (18 of 20 = 90 %) → max 18.
  { name: "E14 ADF max of a window", formula: "pendingTaskSampleVector=$PendingTasks.GetSample(600 * TimeInterval_Second);\n$TargetDedicated = max(pendingTaskSampleVector);",
    samples: { $PendingTasks: tail(40) }, results: `${SVC(18, 0)};pendingTaskSampleVector=[18,17,16,15,14,13,12,11,10,9,8,7,6,5,4,3,2,1]` },
  // E15, all 10 over a long history: 93.3333 % → tasks 10; extra ((10 − 4) + 3) × 0.25 = 2.25; targetVMs 3.25 → capped 3.
  { name: "E15 BatchExplorer parallel tasks", formula: E15, samples: { $ActiveTasks: history(60, () => 10) }, pool: { targetDedicatedNodes: 1 },
    results: `${SVC(3, 0, "taskcompletion")};$cores=4;$extraVMs=2.25;$samples=93.3333;$targetVMs=3.25;$tasks=10;multiplier=0.25;percentage=70;span=00:15:00` },
  // E17 with no delay: 30 of 30 samples of 0 → 100 %; tasks 0 → max(0, 1/2) + 0.5 = 1 → max(2, 1) = 2 and max(5, 1) = 5.
  // This is exactly the live result of Azure/doAzureParallel#215.
  { name: "E17 doAzureParallel queue (live capture)", formula: E17, delay: 0, samples: { $ActiveTasks: history(40, () => 0, 0) }, pool: { targetDedicatedNodes: 1 },
    results: `${SVC(2, 5, "taskcompletion")};$maxTasksPerNode=4;$round=3;$samples=100;$targetVMs=1;$tasks=0` },
  // E18: last visible 4 → 4 / 8 = 0.5 → (4 > 0 && 0.5 < 1) → 1 → min(0 + 25, 1) = 1.
  { name: "E18 batch-shipyard#208", formula: E18, samples: { $PendingTasks: history(5, () => 4) },
    results: `${SVC(0, 1)};lowPriorityNodes=1;maxTargetLowPriority=5000;maxTasksPerNode=8;pendingTasks=4;requiredNodes=0.5` },
  // E18 with no history: max of nothing fails mid-formula (line 3, col 19); the two variables assigned before are listed.
  { name: "E18 failing statement mid-formula", formula: E18, pool: { targetLowPriorityNodes: 2 },
    results: `${SVC(0, 2)};maxTargetLowPriority=5000;maxTasksPerNode=8`,
    error: { code: "AutoScalingFormulaEvaluationError", value: "Line 3, Col 19: max: the vector is empty." } },
  // batch-shipyard#138 reconstruction: new pool, 0 % of 30 expected → line 9 col 43.
  { name: "batch-shipyard#138 wanted 70%, received 0%", formula: SHIPYARD,
    results: `${SVC(0, 0)};dedicatedOnly=1;maxTargetDedicated=16;maxTargetLowPriority=0;maxTasksPerNode=1;nodesPerDivisor=1;samplepercent=0;sli=00:15:00;tasksPerNode=1`,
    error: { code: "InsufficientSampleData", value: "Line 9, Col 43: Insufficient data from data set: $PendingTasks wanted 70%, received 0%" } },
  // E19, pool a minute old: lifespan 1 min ≤ 2 min → 1 low-priority node.
  { name: "E19 ga4gh-tes startup", formula: E19("Wed, 01 May 2024 11:59:00 GMT"),
    results: `${SVC(0, 1, "taskcompletion")};lifespan=00:01:00;ratio=10;span=00:01:30;startup=00:02:00` },
  // E19, pool an hour old: (now−90 s, now] expects 3, sees now−60 only (33 % ≥ 10) → min([value 3]) = 3.
  { name: "E19 ga4gh-tes after startup", formula: E19("Wed, 01 May 2024 11:00:00 GMT"), samples: { $PendingTasks: history(10, (k) => k + 2) },
    results: `${SVC(0, 3, "taskcompletion")};lifespan=01:00:00;ratio=10;span=00:01:30;startup=00:02:00` },
  // E20 with a microsecond creation time: 5 min window → 8 of 10 = 80 %; all 6 → 6.
  { name: "E20 nextflow default formula", formula: E20("2024-05-01T11:00:00.000000Z"), samples: { $PendingTasks: history(30, () => 6) },
    results: `${SVC(6, 0, "taskcompletion")};$samples=80;$targetVMs=6;$tasks=6;interval=00:05:00;lifespan=01:00:00;targetPoolSize=6` },
  // E20 with a nanosecond creation time (nextflow#3866): time("…") fails at line 1 col 25.
  { name: "E20 nanosecond timestamps are rejected", formula: E20("2024-05-01T11:00:00.000000000Z"), samples: { $PendingTasks: history(30, () => 6) },
    results: SVC(0, 0), error: { code: "AutoScalingFormulaEvaluationError", value: 'Line 1, Col 25: time: cannot parse "2024-05-01T11:00:00.000000000Z" as an ISO 8601 or RFC 1123 time.' } },
  // E21: pending all 4, running all 2; 28 of 30 → 93.3333 %; the (1 min, 15 min) windows hold 28 of 28; ratio 2 / 4 = 0.5.
  { name: "E21 metrics read-out", formula: E21, samples: { $PendingTasks: history(60, () => 4), $RunningTasks: history(60, () => 2) },
    results: `${SVC(0, 0)};$pendingTasksAvg=4;$pendingTasksSamplePercent=93.3333;$pendingTasksVector=[${Array(28).fill(4).join(",")}];$runningTasksAvg=2;$runningTasksSamplePercent=93.3333;$runningTasksVector=[${Array(28).fill(2).join(",")}];$samplePercentThreshold=70;$sampleTimeIntervalMinutes=00:15:00;$taskProcessingRatio=0.5;$taskProcessingRatioResult=0.5` },
  // E22, the HASTE live capture: 29 of 30 samples (30 s lag that day) of 0, pool target 1 → targetVMs 0.5 → max(1, 0.5) = 1.
  { name: "E22 HASTE live capture ($samples=96.6667, $targetVMs=0.5)", formula: E22, delay: 30_000, samples: { $ActiveTasks: history(40, () => 0) }, pool: { targetDedicatedNodes: 1 },
    results: `${SVC(1, 0, "taskcompletion")};$samples=96.6667;$targetVMs=0.5;$tasks=0;cappedPoolSize=3` },
  // E23: last active 3 + last running 2 = 5 ≥ 1 → min(limit 1) → 1; vectors echo as [3] and [2]; uppercase names sort first.
  { name: "E23 Azure/Batch#40", formula: E23, samples: { $ActiveTasks: history(5, () => 3), $RunningTasks: history(5, () => 2) },
    results: `${SVC(1, 0)};$LastSampledActiveTasks=[3];$LastSampledRunningTasks=[2];$RunningAndWaiting=5;$maxComputeNodeLimit=1;$minCapacity=0;$needcompute=1;$nodesToAllocate=1` },
  // E24: no samples → 1; two slots per node → target 0.5, printed as evaluated (the resizer truncates it to 0).
  { name: "E24 0.5 target echoed as evaluated", formula: E24, pool: { taskSlotsPerNode: 2 },
    results: `${SVC(0.5, 0, "taskcompletion")};activeTaskMax=1;activeTaskSamplePercent=0;maxNumberofVMs=10;startingNumberOfVMs=1` },
  // E26: last visible active 8 → targetVMs 8 → capped 5.
  { name: "E26 CDC remaining tasks", formula: E26, samples: { $ActiveTasks: history(5, () => 8) },
    results: `${SVC(5, 0, "taskcompletion")};$targetVMs=8;$tasks=8;cappedPoolSize=5` },
  // E27: min(10, [12]) = 10.
  { name: "E27 low-priority one-liner", formula: "$TargetLowPriorityNodes=max(0, min(10, $PendingTasks.GetSample(1))); $NodeDeallocationOption=taskcompletion;",
    samples: { $PendingTasks: history(5, () => 12) }, results: SVC(0, 10, "taskcompletion") },
  // The doc's CPU example: 18 of 20 samples = 90 % — 95 fails, 80 succeeds.
  { name: "doc 18 of 20 samples, 95 % wanted", formula: "$x = $CPUPercent.GetSample(TimeInterval_Minute * 10, 95);", samples: { $CPUPercent: history(40, () => 1) },
    results: SVC(0, 0), error: { code: "InsufficientSampleData", value: "Line 1, Col 27: Insufficient data from data set: $CPUPercent wanted 95%, received 90%" } },
  { name: "doc 18 of 20 samples, 80 % wanted", formula: "$x = len($CPUPercent.GetSample(TimeInterval_Minute * 10, 80));", samples: { $CPUPercent: history(40, () => 1) },
    results: `${SVC(0, 0)};$x=18` },
  // Alias folding: the full name wins whatever the order; reading the alias sees the alias's own value.
  { name: "alias folding, full name wins", formula: "$TargetDedicatedNodes = 5; $TargetDedicated = 3; a = $TargetDedicated; $TargetLowPriority = 4;",
    pool: { targetDedicatedNodes: 1, targetLowPriorityNodes: 2 }, results: `${SVC(5, 4)};a=3` },
  // NaN target → evaluation error naming the variable at its last assignment (line 2, col 1); user variables are listed.
  { name: "NaN target", formula: "z = 0;\n$TargetDedicatedNodes = z / z;", pool: { targetDedicatedNodes: 3 },
    results: `${SVC(3, 0)};z=0`, error: { code: "AutoScalingFormulaEvaluationError", value: "Line 2, Col 1: $TargetDedicatedNodes evaluated to NaN; a target must be a finite number." } },
  { name: "infinite low-priority target", formula: "$TargetLowPriorityNodes = 1 / 0;",
    results: SVC(0, 0), error: { code: "AutoScalingFormulaEvaluationError", value: "Line 1, Col 1: $TargetLowPriorityNodes evaluated to Infinity; a target must be a finite number." } },
  // A never-assigned formula echoes the pool's targets (azure-sdk-for-js: "$TargetDedicatedNodes=2;…").
  { name: "targets echo the pool", formula: "a = 1", pool: { targetDedicatedNodes: 2, targetLowPriorityNodes: 0 }, results: `${SVC(2, 0)};a=1` },
  // Negative targets print as evaluated.
  { name: "negative target printed as evaluated", formula: "$TargetDedicatedNodes = -3", results: SVC(-3, 0) },
  // Undefined symbol: the statements before run, then the service's own wording.
  { name: "undefined symbol", formula: "a = 2;\n$TargetDedicatedNodes = $something_useless + 1;", pool: { targetDedicatedNodes: 1 },
    results: `${SVC(1, 0)};a=2`, error: { code: "AutoScalingFormulaEvaluationError", value: "Line 2, Col 25: Undefined symbol: $something_useless" } },
];

describe("spec §8 examples (results worked out by hand)", () => {
  it.each(CASES)("$name", (c) => {
    const ctx: EvalContext = {
      now: c.now ?? NOW,
      pool: pool(c.pool),
      samples: c.samples ?? {},
      seed: 7,
      ...(c.delay !== undefined ? { options: { availabilityDelayMs: c.delay } } : {}),
    };
    const run = evaluateAutoScale(c.formula, ctx);
    expect(run.results).toBe(c.results);
    if (c.error) {
      expect(run.error?.code).toBe(c.error.code);
      expect(run.error?.values).toEqual([{ name: "Message", value: c.error.value }]);
      expect(run.error?.message).toBe(
        c.error.code === "InsufficientSampleData"
          ? "Autoscale evaluation failed due to insufficient sample data"
          : "The specified auto-scaling formula has evaluation error",
      );
    } else expect(run.error).toBeUndefined();
    expect(run.timestamp).toBe(new Date(c.now ?? NOW).toISOString());
    // The oracle agrees wherever the formula compiles.
    const { program } = compile(c.formula);
    if (program) expect(program.interpret(ctx).run).toEqual(program.evaluate(ctx).run);
  });

  it("E16 (backslash-escaped quotes) and E25 (missing ';') are syntax errors", () => {
    const e16 = evaluateAutoScale(E16, { now: NOW, pool: pool({ targetDedicatedNodes: 2 }) });
    expect(e16.error?.code).toBe("AutoScalingFormulaSyntaxError");
    expect(e16.error?.message).toBe("The specified auto-scaling formula has a syntax error.");
    expect(e16.error?.values[0]?.value).toMatch(/^Line 3, Col \d+: /);
    expect(e16.results).toBe(SVC(2, 0));
    const e25 = evaluateAutoScale(
      "startingNumberOfVMs = 2;\nmaxNumberofVMs = 2;\npTaskSamplePerc = $PendingTasks.GetSamplePercent(120 * TimeInterval_Second);\npTaskSample = pTaskSamplePerc < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(120 * TimeInterval_Second));\n$TargetDedicatedNodes=min(maxNumberofVMs, pTaskSample)\n$NodeDeallocationOption = taskcompletion;",
      { now: NOW, pool: pool() },
    );
    expect(e25.error?.code).toBe("AutoScalingFormulaSyntaxError");
    expect(e25.error?.values.map((v) => v.value).join("\n")).toContain("Missing ';'");
  });

  it("a bad context is data, not an exception", () => {
    const bad = evaluateAutoScale("a = 1", { now: 1e18, pool: pool({ targetDedicatedNodes: 3 }) });
    expect(bad.error?.code).toBe("InvalidAutoScaleEvaluationContext");
    expect(bad.error?.values[0]?.value).toBe("now: 1000000000000000000 is not an ISO 8601 / RFC 1123 time, a Date or epoch milliseconds");
    expect(bad.results).toBe(SVC(3, 0));
    const badSamples = evaluateAutoScale("a = 1", { now: NOW, pool: pool(), samples: { $PendingTasks: [["soon", 1]] } });
    expect(badSamples.error?.values[0]?.value).toContain('samples: $PendingTasks[0]: time "soon"');
  });

  it("structured targets: raw values on success, the pool's on error", () => {
    const { program } = compile(E24);
    const ok = program!.evaluate({ now: NOW, pool: pool({ taskSlotsPerNode: 2 }) });
    expect(ok.targets).toEqual({ dedicated: 0.5, lowPriority: 0, deallocation: "taskcompletion" });
    expect(ok.variables.map((v) => v.name)).toEqual(["activeTaskMax", "activeTaskSamplePercent", "maxNumberofVMs", "startingNumberOfVMs"]);
    const bad = compile(E18).program!.evaluate({ now: NOW, pool: pool({ targetDedicatedNodes: 4 }) });
    expect(bad.ok).toBe(false);
    expect(bad.targets).toEqual({ dedicated: 4, lowPriority: 0, deallocation: "requeue" });
    expect(bad.diagnostic?.code).toBe("E403");
  });
});
