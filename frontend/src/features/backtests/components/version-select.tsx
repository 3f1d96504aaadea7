import { useCodeLabel } from "@/lib/i18n";
import { localName } from "@/lib/names";

import type { Rulebook } from "../api/backtests";
import { useBacktestsT } from "../messages";

interface Props {
  id: string;
  label: string;
  rulebooks: readonly Rulebook[];
  value: string;
  onChange: (value: string) => void;
  emptyLabel?: string;
}

/** Every version of every rulebook, drafts included (what a regulator backtests before publishing). */
export function VersionSelect({ id, label, rulebooks, value, onChange, emptyLabel }: Props) {
  const { t, language } = useBacktestsT();
  const codeLabel = useCodeLabel();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="field__input" value={value} onChange={(event) => { onChange(event.target.value); }}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {rulebooks.flatMap((rulebook) =>
          rulebook.versions.map((version) => (
            <option key={version.id} value={version.id}>
              {t("version.label", { rulebook: localName(rulebook, language), number: version.number, status: codeLabel("versionStatus", version.status) })}
            </option>
          )),
        )}
      </select>
    </div>
  );
}

export function JobProgress({ status, progress, detail, testId }: { status: string; progress: number; detail?: string; testId: string }) {
  const { t } = useBacktestsT();
  if (status === "failed") {
    return <p role="alert">{t("job.failed", { detail: detail ?? "" })}</p>;
  }
  if (status === "done") {
    return null;
  }
  const text = status === "queued" ? t("job.queued") : t("job.running", { progress });
  return (
    <div>
      <p role="status">{text}</p>
      <progress className="job-progress" max={100} value={progress} aria-label={text} data-testid={testId} />
    </div>
  );
}
