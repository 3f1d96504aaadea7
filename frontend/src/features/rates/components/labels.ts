import type { MessageKey } from "@/lib/i18n";

import type { RateOutput } from "../api/rates";

const METHOD_LABELS: Readonly<Record<RateOutput["method"], MessageKey>> = {
  official: "rates.method.official",
  carried_forward: "rates.method.carried_forward",
  derived: "rates.method.derived",
  estimate: "rates.method.estimate",
};

const SOURCE_LABELS: Readonly<Record<string, MessageKey>> = {
  bam: "rates.source.bam",
  "bam+ecb": "rates.source.bamEcb",
  ecb: "rates.source.ecb",
  none: "rates.source.none",
};

export function methodLabel(method: RateOutput["method"]): MessageKey {
  return METHOD_LABELS[method];
}

/** The label of a source code; null for a code this build does not know (shown as is). */
export function sourceLabel(source: string): MessageKey | null {
  return SOURCE_LABELS[source] ?? null;
}
