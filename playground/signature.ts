// Signature help: the overloads of the function or metric method around the cursor, from the
// built-ins table, with the active parameter highlighted.
import { functionOverloads, methodOverloads, signature, type OverloadSpec } from "../src/entry/tables.ts";
import { enclosingCall } from "./context.ts";
import { monaco } from "./monaco.ts";

function toSignature(o: OverloadSpec): monaco.languages.SignatureInformation {
  return {
    label: signature(o),
    documentation: o.doc,
    parameters: o.params.map((p) => ({ label: `${p.rest ? "..." : ""}${p.name}` })),
  };
}

/** The signature-help provider (registered in language.ts). */
export const signatureHelp: monaco.languages.SignatureHelpProvider = {
  signatureHelpTriggerCharacters: ["(", ","],
  signatureHelpRetriggerCharacters: [","],
  provideSignatureHelp(model, position) {
    const call = enclosingCall(model.getValue(), model.getOffsetAt(position));
    if (call === undefined) return undefined;
    const overloads = call.method ? methodOverloads(call.name) : functionOverloads(call.name);
    if (overloads.length === 0) return undefined;
    // Prefer the first overload that has room for the argument being typed (rest params always do).
    const fits = (o: OverloadSpec): boolean => o.params.length > call.argIndex || o.params.at(-1)?.rest === true;
    const active = Math.max(0, overloads.findIndex(fits));
    const o = overloads[active]!;
    const activeParameter = Math.min(call.argIndex, Math.max(0, o.params.length - 1));
    return {
      value: { signatures: overloads.map(toSignature), activeSignature: active, activeParameter },
      dispose() {},
    };
  },
};
