import { useId, useState, type SyntheticEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { TableScroll } from "@/components/ui/table-scroll";
import { errorMessage } from "@/lib/error-message";
import { formatDate, formatDateTime } from "@/lib/format";
import { ApiError } from "@/lib/problem";

import { useCheckPackFile, usePacks, useVerifyPack } from "../api/evidence";
import type { Pack, PackCheck } from "../api/types";
import { evidenceMessages, useEvidenceT, type EvidenceMessageKey } from "../messages";

type CurrentData = NonNullable<Pack["last_current_data"]>;

/** The organisation's evidence packs: what each was built from, and whether it still reproduces. */
export function PacksList() {
  const { t } = useEvidenceT();
  const packs = usePacks();
  return (
    <section className="panel" aria-labelledby="evidence-packs-title" data-testid="packs-list">
      <h2 id="evidence-packs-title" className="panel__title">
        {t("evidence.packs.title")}
      </h2>
      <p className="muted">{t("evidence.packs.intro")}</p>
      {packs.isPending && <p className="muted">{t("app.loading")}</p>}
      {packs.isError && <Alert>{errorMessage(packs.error, t)}</Alert>}
      {packs.isSuccess &&
        (packs.data.results.length === 0 ? (
          <p className="muted">{t("evidence.packs.empty")}</p>
        ) : (
          <TableScroll label={t("evidence.table.scroll", { title: t("evidence.packs.title") })}>
            <table className="evidence-table">
              <thead>
                <tr>
                  <th scope="col">{t("evidence.packs.created")}</th>
                  <th scope="col">{t("evidence.packs.period")}</th>
                  <th scope="col">{t("evidence.packs.hash")}</th>
                  <th scope="col">{t("evidence.packs.verified")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("evidence.packs.verify")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {packs.data.results.map((pack) => (
                  <PackRow key={pack.id} pack={pack} />
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
      <PackCheckForm packs={packs.data?.results ?? []} />
    </section>
  );
}

/** What changed in the live data since a pack's cut-off, in words (the pack itself does not). */
function CurrentDataNote({ changes }: { changes: CurrentData }) {
  const { t } = useEvidenceT();
  return (
    <p className={changes.differs ? "evidence-source evidence-current--differs" : "evidence-source"} data-testid="pack-current-data">
      {changes.differs
        ? t("evidence.packs.currentDiffers", {
            added: changes.declarations_added,
            removed: changes.declarations_removed,
            changed: changes.declarations_changed,
            verdicts: changes.verdicts_changed,
          })
        : t("evidence.packs.currentSame")}
    </p>
  );
}

function PackRow({ pack }: { pack: Pack }) {
  const { t, language } = useEvidenceT();
  const verify = useVerifyPack();
  const filters = pack.filters as { date_from?: string; date_to?: string };
  const created = formatDateTime(pack.created_at, language);
  const built = pack.status === "built";
  let verdict: string;
  if (!built) {
    verdict = t("evidence.packs.pending");
  } else if (verify.isSuccess) {
    verdict = t(verify.data.reproduces ? "evidence.packs.nowReproduces" : "evidence.packs.nowDiffers");
  } else if (pack.last_verified_ok === null) {
    verdict = t("evidence.packs.never");
  } else {
    verdict = t(pack.last_verified_ok ? "evidence.packs.reproduces" : "evidence.packs.differs", {
      time: formatDateTime(pack.last_verified_at, language),
    });
  }
  const changes = verify.isSuccess ? verify.data.current_data : pack.last_current_data;
  return (
    <tr data-testid={`pack-${pack.id}`}>
      <td>{created}</td>
      <td>
        {formatDate(filters.date_from, language)} – {formatDate(filters.date_to, language)}
      </td>
      <td>
        <code title={pack.manifest_hash}>{pack.manifest_hash.slice(0, 12)}</code>
      </td>
      <td data-testid="pack-verdict">
        {verdict}
        {changes !== null && <CurrentDataNote changes={changes} />}
        {verify.isError && <Alert>{errorMessage(verify.error, t)}</Alert>}
      </td>
      <td>
        {built && (
          <button
            type="button"
            className="button"
            aria-label={t("evidence.packs.verifyPack", { time: created })}
            onClick={() => {
              verify.mutate(pack.id);
            }}
            disabled={verify.isPending}
          >
            {verify.isPending ? t("evidence.packs.verifying") : t("evidence.packs.verify")}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Why an uploaded file was refused, in the reader's language when the refusal is a known one. */
function checkError(error: unknown, t: ReturnType<typeof useEvidenceT>["t"]): string {
  if (error instanceof ApiError && error.code !== null) {
    const key = `evidence.check.error.${error.code}`;
    if (evidenceMessages.has(key)) {
      return t(key);
    }
  }
  return errorMessage(error, t);
}

/** Upload a downloaded pack's zip and read whether every file still matches its manifest. */
function PackCheckForm({ packs }: { packs: readonly Pack[] }) {
  const { t } = useEvidenceT();
  const inputId = useId();
  const titleId = useId();
  const check = useCheckPackFile();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (file === null) {
      setMissing(true);
      return;
    }
    check.mutate(file);
  };
  return (
    <form className="evidence-check" onSubmit={submit} aria-labelledby={titleId} data-testid="pack-check">
      <h3 id={titleId} className="evidence-check__title">
        {t("evidence.check.title")}
      </h3>
      <p className="muted">{t("evidence.check.intro")}</p>
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          {t("evidence.check.file")}
        </label>
        <input
          id={inputId}
          className="field__input"
          type="file"
          accept=".zip,application/zip"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setMissing(false);
            check.reset();
          }}
        />
      </div>
      {missing && <p className="field__errors">{t("evidence.check.error.noFile")}</p>}
      <div className="evidence-filters__actions">
        <button type="submit" className="button" disabled={check.isPending}>
          {check.isPending ? t("evidence.check.checking") : t("evidence.check.submit")}
        </button>
      </div>
      {check.isError && (
        <Alert testId="pack-check-error">{checkError(check.error, t)}</Alert>
      )}
      {check.isSuccess && <CheckResult result={check.data} packs={packs} />}
    </form>
  );
}

const STATE_KEYS: Readonly<Record<string, EvidenceMessageKey>> = {
  ok: "evidence.check.state.ok",
  changed: "evidence.check.state.changed",
  missing: "evidence.check.state.missing",
  unlisted: "evidence.check.state.unlisted",
};

const REBUILT_KEYS: Readonly<Record<string, EvidenceMessageKey>> = {
  "rebuilt identical": "evidence.check.rebuilt.same",
  "rebuilt different": "evidence.check.rebuilt.different",
};

function CheckResult({ result, packs }: { result: PackCheck; packs: readonly Pack[] }) {
  const { t, language } = useEvidenceT();
  const pack = packs.find((one) => one.id === result.pack);
  const bad = result.files.filter((file) => file.state !== "ok" || file.rebuilt === "rebuilt different");
  return (
    <div className="evidence-check__result" data-testid="pack-check-result" role="status">
      <p className={result.intact ? "evidence-check__verdict" : "evidence-check__verdict evidence-check__verdict--bad"}>
        {t(result.intact ? "evidence.check.intact" : "evidence.check.notIntact")}
      </p>
      <p>
        {t("evidence.check.pack", { time: formatDateTime(pack?.created_at, language) })}{" "}
        <code title={result.manifest_sha256}>{result.manifest_sha256.slice(0, 12)}</code>
      </p>
      {pack?.last_current_data != null && <CurrentDataNote changes={pack.last_current_data} />}
      {result.rebuild_skipped !== null && <p className="muted">{t("evidence.check.rebuildSkipped")}</p>}
      {result.problems.length > 0 && (
        <p className="field__errors">{t("evidence.check.problems", { count: result.problems.length })}</p>
      )}
      {bad.length > 0 && <FilesTable files={bad} testId="pack-check-bad" />}
      <details>
        <summary>{t("evidence.check.allFiles", { count: result.files.length })}</summary>
        <FilesTable files={result.files} testId="pack-check-files" />
      </details>
    </div>
  );
}

/** The files of a checked pack: each one's state against the manifest and its rebuild. */
function FilesTable({ files, testId }: { files: PackCheck["files"]; testId: string }) {
  const { t } = useEvidenceT();
  return (
    <TableScroll label={t("evidence.table.scroll", { title: t("evidence.check.title") })}>
      <table className="evidence-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t("evidence.check.fileName")}</th>
            <th scope="col">{t("evidence.check.state")}</th>
            <th scope="col">{t("evidence.check.rebuilt")}</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => {
            const state = STATE_KEYS[file.state];
            const rebuilt = file.rebuilt === null ? undefined : REBUILT_KEYS[file.rebuilt];
            return (
              <tr
                key={file.name}
                data-testid={`check-file-${file.name}`}
                className={file.state === "ok" && file.rebuilt !== "rebuilt different" ? undefined : "evidence-check__bad"}
              >
                <td>
                  <code>{file.name}</code>
                </td>
                <td data-testid="check-state">{state === undefined ? <code>{file.state}</code> : t(state)}</td>
                <td>{rebuilt === undefined ? t("evidence.check.rebuilt.none") : t(rebuilt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
