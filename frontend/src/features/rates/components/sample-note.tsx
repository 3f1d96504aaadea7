
import type { Coverage } from "../api/rates";
import { describeCoverage } from "../lib/format";
import { useRatesT } from "../messages";

/** Where the rates on this page come from: the bundled recorded sample (and its dates) or not. */
export function SampleNote({ coverage }: { coverage: Coverage }) {
  const { t, language } = useRatesT();
  return (
    <p className={coverage.bundled_sample ? "rates-note rates-note--sample" : "rates-note"} data-testid="rates-coverage">
      {describeCoverage(coverage, t, language)}
    </p>
  );
}
