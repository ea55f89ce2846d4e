// Checker diagnostics, one row per mistake: the full rendered text including carets (style §2.9),
// so a span regression shows up as a diff. Rows were generated, then reviewed one by one.

import { describe, expect, it } from "vitest";
import { checkText } from "../../src/check/check.ts";
import { formatDiagnostic } from "../../src/base/diagnostics.ts";

function render(text: string): string {
  return checkText(text).diagnostics.map((d) => formatDiagnostic(d, text)).join("\n");
}

// Each expected value starts with a newline so the carets line up in the source.
const ROWS: { input: string; expected: string }[] = [
  {
    input: "x = $pendingTasks.GetSample(1)",
    expected: `
<formula>:1:5: error C303: Unknown service variable '$pendingTasks': names are case-sensitive; did you mean '$PendingTasks'?
    x = $pendingTasks.GetSample(1)
        ^^^^^^^^^^^^^`,
  },
  {
    input: "x = Avg(1, 2)",
    expected: `
<formula>:1:5: error C303: Unknown function 'Avg': names are case-sensitive; did you mean 'avg'?
    x = Avg(1, 2)
        ^^^`,
  },
  {
    input: "x = $PendingTasks.getSample(1)",
    expected: `
<formula>:1:19: error C303: Unknown method 'getSample': names are case-sensitive; did you mean 'GetSample'?
    x = $PendingTasks.getSample(1)
                      ^^^^^^^^^`,
  },
  {
    input: "x = timeinterval_minute",
    expected: `
<formula>:1:5: error C303: Unknown constant 'timeinterval_minute': names are case-sensitive; did you mean 'TimeInterval_Minute'?
    x = timeinterval_minute
        ^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "$NodeDeallocationOption = Requeue",
    expected: `
<formula>:1:27: error C303: Unknown deallocation option 'Requeue': names are case-sensitive; did you mean 'requeue'?
    $NodeDeallocationOption = Requeue
                              ^^^^^^^`,
  },
  {
    input: "x = y + 1; y = 2",
    expected: `
<formula>:1:5: error C302: Variable 'y' is used before it is assigned.
    x = y + 1; y = 2
        ^`,
  },
  {
    input: "x = $PendingTask.GetSample(1)",
    expected: `
<formula>:1:5: error C301: Unknown name '$PendingTask'. Did you mean '$PendingTasks'?
    x = $PendingTask.GetSample(1)
        ^^^^^^^^^^^^`,
  },
  {
    input: "$tasks = 1; x = $task",
    expected: `
<formula>:1:17: error C301: Unknown name '$task'. Did you mean '$tasks'?
    $tasks = 1; x = $task
                    ^^^^^`,
  },
  {
    input: "x = foo(1)",
    expected: `
<formula>:1:5: error C304: Unknown function 'foo'.
    x = foo(1)
        ^^^`,
  },
  {
    input: "x = avgg(1)",
    expected: `
<formula>:1:5: error C304: Unknown function 'avgg'. Did you mean 'avg'?
    x = avgg(1)
        ^^^^`,
  },
  {
    input: "x = $CPUPercent.GetSampel(1)",
    expected: `
<formula>:1:17: error C305: Unknown method 'GetSampel' on $CPUPercent. Did you mean 'GetSample'?
    x = $CPUPercent.GetSampel(1)
                    ^^^^^^^^^`,
  },
  {
    input: "x = percentile(1, 2, 3)",
    expected: `
<formula>:1:5: error C306: percentile cannot be called with (double, double, double); expected percentile(v: doubleVec, p: double): double.
    x = percentile(1, 2, 3)
        ^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = min()",
    expected: `
<formula>:1:5: error C306: min cannot be called with (); expected min(...values: doubleVecList): double.
    x = min()
        ^^^^^`,
  },
  {
    input: "x = lg(\"a\")",
    expected: `
<formula>:1:5: error C306: lg cannot be called with (string); expected one of: lg(x: double): double; lg(...values: doubleVecList): doubleVec.
    x = lg("a")
        ^^^^^^^`,
  },
  {
    input: "x = $CPUPercent.GetSample(\"a\")",
    expected: `
<formula>:1:17: error C306: $CPUPercent.GetSample cannot be called with (string); expected one of: GetSample(count: double): doubleVec; GetSample(startTime: timestamp | timeinterval, samplePercent?: double): doubleVec; GetSample(startTime: timestamp | timeinterval, endTime: timestamp | timeinterval, samplePercent?: double): doubleVec.
    x = $CPUPercent.GetSample("a")
                    ^^^^^^^^^^^^^^`,
  },
  {
    input: "t = time(); x = t - TimeInterval_Hour",
    expected: `
<formula>:1:19: error C307: Operator '-' is not defined for (timestamp, timeinterval). Subtract an interval by adding its negative: t + (-1 * TimeInterval_Hour).
    t = time(); x = t - TimeInterval_Hour
                      ^`,
  },
  {
    input: "v = $CPUPercent.GetSample(1); x = 1 - v",
    expected: `
<formula>:1:37: error C307: Operator '-' is not defined for (double, doubleVec). Only doubleVec - double is defined: write v * -1 + 1.
    v = $CPUPercent.GetSample(1); x = 1 - v
                                        ^`,
  },
  {
    input: "x = 5 + TimeInterval_Minute",
    expected: `
<formula>:1:7: error C307: Operator '+' is not defined for (double, timeinterval). A number is not an interval: write 5 * TimeInterval_Second (or another TimeInterval_* unit).
    x = 5 + TimeInterval_Minute
          ^`,
  },
  {
    input: "v = $CPUPercent.GetSample(1); x = v > 0",
    expected: `
<formula>:1:37: error C307: Operator '>' is not defined for (doubleVec, double). Reduce the vector to a double first, e.g. max(v) or avg(v).
    v = $CPUPercent.GetSample(1); x = v > 0
                                        ^`,
  },
  {
    input: "x = -time()",
    expected: `
<formula>:1:5: error C307: Operator '-' is not defined for (timestamp).
    x = -time()
        ^^^^^^^`,
  },
  {
    input: "x = !TimeInterval_Hour",
    expected: `
<formula>:1:5: error C307: Operator '!' is not defined for (timeinterval). Compare instead: TimeInterval_Hour == TimeInterval_Zero.
    x = !TimeInterval_Hour
        ^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "$CurrentDedicatedNodes = 3",
    expected: `
<formula>:1:1: error C308: '$CurrentDedicatedNodes' is a read-only service variable and cannot be assigned.
    $CurrentDedicatedNodes = 3
    ^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = $PendingTasks + 1",
    expected: `
<formula>:1:5: error C309: '$PendingTasks' is a sampled metric, not a value: read it with $PendingTasks.GetSample(...).
    x = $PendingTasks + 1
        ^^^^^^^^^^^^^`,
  },
  {
    input: "x = max($CPUPercent)",
    expected: `
<formula>:1:9: error C309: '$CPUPercent' is a sampled metric, not a value: read it with $CPUPercent.GetSample(...).
    x = max($CPUPercent)
            ^^^^^^^^^^^`,
  },
  {
    input: "x = $CurrentDedicatedNodes.GetSample(1)",
    expected: `
<formula>:1:5: error C310: Method 'GetSample' can only be called on a sampled metric such as $PendingTasks; this expression is a double.
    x = $CurrentDedicatedNodes.GetSample(1)
        ^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = time().hours",
    expected: `
<formula>:1:12: error C311: A timestamp has no member 'hours'. Did you mean 'hour'?
    x = time().hours
               ^^^^^`,
  },
  {
    input: "x = time().Hour",
    expected: `
<formula>:1:12: error C303: Unknown timestamp member 'Hour': names are case-sensitive; did you mean 'hour'?
    x = time().Hour
               ^^^^`,
  },
  {
    input: "$TargetDedicatedNodes = $PendingTasks.GetSample(1)",
    expected: `
<formula>:1:25: error C312: Cannot assign a doubleVec to '$TargetDedicatedNodes', which needs a double.
    $TargetDedicatedNodes = $PendingTasks.GetSample(1)
                            ^^^^^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "$NodeDeallocationOption = 1",
    expected: `
<formula>:1:27: error C312: Cannot assign a double to '$NodeDeallocationOption', which needs a deallocation option (requeue, terminate, taskcompletion or retaineddata).
    $NodeDeallocationOption = 1
                              ^`,
  },
  {
    input: "x = taskcompletion",
    expected: `
<formula>:1:5: error C313: 'taskcompletion' is a deallocation option; it can only be assigned to $NodeDeallocationOption.
    x = taskcompletion
        ^^^^^^^^^^^^^^`,
  },
  {
    input: "TimeInterval_Minute = 5",
    expected: `
<formula>:1:1: error C314: 'TimeInterval_Minute' is a reserved TimeInterval_* constant and cannot be assigned.
    TimeInterval_Minute = 5
    ^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "avg = 5",
    expected: `
<formula>:1:1: error C314: 'avg' is a reserved function name and cannot be assigned.
    avg = 5
    ^^^`,
  },
  {
    input: "requeue = 1",
    expected: `
<formula>:1:1: error C314: 'requeue' is a reserved deallocation option and cannot be assigned.
    requeue = 1
    ^^^^^^^`,
  },
  {
    input: "x = time() ? 1 : 2",
    expected: `
<formula>:1:5: error C315: A condition must be a double (nonzero is true); this is a timestamp.
    x = time() ? 1 : 2
        ^^^^^^`,
  },
  {
    input: "$TargetDedicated = 1; $TargetDedicatedNodes = 2",
    expected: `
<formula>:1:1: warning C316: Both '$TargetDedicatedNodes' and its alias '$TargetDedicated' are assigned; the value of '$TargetDedicatedNodes' wins.
    $TargetDedicated = 1; $TargetDedicatedNodes = 2
    ^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = max",
    expected: `
<formula>:1:5: error C317: 'max' is a function; call it as max(...).
    x = max
        ^^^`,
  },
  {
    input: "x = 1 > 0 ? 1 : $CPUPercent.GetSample(1)",
    expected: `
<formula>:1:5: error C318: The branches of '?:' have different types (double and doubleVec); both branches must have the same type.
    x = 1 > 0 ? 1 : $CPUPercent.GetSample(1)
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = $CPUPercent.Count",
    expected: `
<formula>:1:17: error C311: A sampled metric has no member 'Count'. Call it as Count().
    x = $CPUPercent.Count
                    ^^^^^`,
  },
  {
    input: "x = \"a\" + \"b\"",
    expected: `
<formula>:1:9: error C307: Operator '+' is not defined for (string, string).
    x = "a" + "b"
            ^`,
  },
  {
    input: "x = y + 1; z = x * 2",
    expected: `
<formula>:1:5: error C301: Unknown name 'y'.
    x = y + 1; z = x * 2
        ^`,
  },
  {
    input: "$targetDedicatedNodes = 1",
    expected: `
<formula>:1:1: error C303: Unknown service variable '$targetDedicatedNodes': names are case-sensitive; did you mean '$TargetDedicatedNodes'?
    $targetDedicatedNodes = 1
    ^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = 1 + taskcompletion",
    expected: `
<formula>:1:9: error C313: 'taskcompletion' is a deallocation option; it can only be assigned to $NodeDeallocationOption.
    x = 1 + taskcompletion
            ^^^^^^^^^^^^^^`,
  },
  {
    input: "x = lifespan > 5",
    expected: `
<formula>:1:5: error C301: Unknown name 'lifespan'.
    x = lifespan > 5
        ^^^^^^^^`,
  },
  {
    input: "x = $CPUPercent.GetSample(1, 2, 3, 4)",
    expected: `
<formula>:1:17: error C306: $CPUPercent.GetSample cannot be called with (double, double, double, double); expected one of: GetSample(count: double): doubleVec; GetSample(startTime: timestamp | timeinterval, samplePercent?: double): doubleVec; GetSample(startTime: timestamp | timeinterval, endTime: timestamp | timeinterval, samplePercent?: double): doubleVec.
    x = $CPUPercent.GetSample(1, 2, 3, 4)
                    ^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = 1; x = time(); y = x + 1",
    expected: `
<formula>:1:26: error C307: Operator '+' is not defined for (timestamp, double). A number is not an interval: write 1 * TimeInterval_Second (or another TimeInterval_* unit).
    x = 1; x = time(); y = x + 1
                             ^`,
  },
  {
    input: "$NodeDeallocationOption = 1 > 0 ? taskcompletion : 2",
    expected: `
<formula>:1:27: error C318: The branches of '?:' have different types (deallocation option and double); both branches must have the same type.
    $NodeDeallocationOption = 1 > 0 ? taskcompletion : 2
                              ^^^^^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = $CPUPercent.GetSample(TimeInterval_Minute) > 0 ? 1 : 2",
    expected: `
<formula>:1:48: error C307: Operator '>' is not defined for (doubleVec, double). Reduce the vector to a double first, e.g. max($CPUPercent.GetSample(TimeInterval_Minute)) or avg($CPUPercent.GetSample(TimeInterval_Minute)).
    x = $CPUPercent.GetSample(TimeInterval_Minute) > 0 ? 1 : 2
                                                   ^`,
  },
  {
    input: "x = val(1, 0)",
    expected: `
<formula>:1:5: error C306: val cannot be called with (double, double); expected val(v: doubleVec, i: double): double.
    x = val(1, 0)
        ^^^^^^^^^`,
  },
  {
    input: "$x = $NodeDeallocationOption",
    expected: `
<formula>:1:6: error C313: '$NodeDeallocationOption' is a deallocation option; it can only be assigned to $NodeDeallocationOption.
    $x = $NodeDeallocationOption
         ^^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = time(\"2016-10-13T00:00:00Z\") - 5",
    expected: `
<formula>:1:34: error C307: Operator '-' is not defined for (timestamp, double). A number is not an interval; add a negative interval: time("2016-10-13T00:00:00Z") + (-5 * TimeInterval_Second) (or another TimeInterval_* unit).
    x = time("2016-10-13T00:00:00Z") - 5
                                     ^`,
  },
  {
    input: "x = time().hour.minute",
    expected: `
<formula>:1:17: error C311: A double has no member 'minute'.
    x = time().hour.minute
                    ^^^^^^`,
  },
  {
    input: "x = TimeInterval_Hour / TimeInterval_Minute",
    expected: `
<formula>:1:23: error C307: Operator '/' is not defined for (timeinterval, timeinterval). Intervals cannot be divided by intervals; only timeinterval / double is defined.
    x = TimeInterval_Hour / TimeInterval_Minute
                          ^`,
  },
  {
    input: "x = 1 * time()",
    expected: `
<formula>:1:7: error C307: Operator '*' is not defined for (double, timestamp).
    x = 1 * time()
          ^`,
  },
  {
    input: "x = 5 - time()",
    expected: `
<formula>:1:7: error C307: Operator '-' is not defined for (double, timestamp).
    x = 5 - time()
          ^`,
  },
  {
    input: "x = time() > 5",
    expected: `
<formula>:1:12: error C307: Operator '>' is not defined for (timestamp, double).
    x = time() > 5
               ^`,
  },
  {
    input: "x = TimeInterval_Minute > 5",
    expected: `
<formula>:1:25: error C307: Operator '>' is not defined for (timeinterval, double). A number is not an interval: write 5 * TimeInterval_Second (or another TimeInterval_* unit).
    x = TimeInterval_Minute > 5
                            ^`,
  },
  {
    input: "TargetDedicatedNodes = 5",
    expected: `
<formula>:1:1: warning C320: 'TargetDedicatedNodes' is a user variable, not the service variable '$TargetDedicatedNodes' (service variables start with '$').
    TargetDedicatedNodes = 5
    ^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = GetSample(1)",
    expected: `
<formula>:1:5: error C304: Unknown function 'GetSample'. 'GetSample' is a method: call it on a sampled metric, e.g. $PendingTasks.GetSample(...).
    x = GetSample(1)
        ^^^^^^^^^`,
  },
  {
    input: "x = $PendingTasks.avg()",
    expected: `
<formula>:1:19: error C305: Unknown method 'avg' on $PendingTasks. 'avg' is a function: write avg($PendingTasks.GetSample(...)).
    x = $PendingTasks.avg()
                      ^^^`,
  },
  {
    input: "x = time(\"2023-04-14T10:20:30.123456789Z\")",
    expected: `
<formula>:1:10: warning C321: time("2023-04-14T10:20:30.123456789Z") will fail at evaluation: the text is not an ISO 8601 / W3C-DTF or RFC 1123 time (at most 7 fractional digits).
    x = time("2023-04-14T10:20:30.123456789Z")
             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^`,
  },
  {
    input: "x = time(\"yesterday\")",
    expected: `
<formula>:1:10: warning C321: time("yesterday") will fail at evaluation: the text is not an ISO 8601 / W3C-DTF or RFC 1123 time (at most 7 fractional digits).
    x = time("yesterday")
             ^^^^^^^^^^^`,
  },
];

describe("checker diagnostics", () => {
  it.each(ROWS)("$input", ({ input, expected }) => {
    expect(render(input)).toBe(expected.slice(1));
  });

  it("gives exactly one diagnostic per row (one mistake, one diagnostic)", () => {
    for (const { input } of ROWS) expect(checkText(input).diagnostics, input).toHaveLength(1);
  });
});
