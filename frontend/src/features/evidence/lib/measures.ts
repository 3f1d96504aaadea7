import { formatMad as formatMoneyMad, formatNumber } from "@/lib/format";
import type { Language } from "@/lib/i18n";

import {
  BASES,
  PAIRS,
  SPLIT_PAIRS,
  TOTAL,
  type AllowanceRow,
  type Cell,
  type Pair,
  type PairRow,
  type ReviewRow,
} from "../api/types";

/** One bar of a chart: its label and value, or a marked gap when the cell is suppressed. */
export interface SeriesPoint {
  label: string;
  /** Display value for the chart's geometry only (never summed); null when suppressed. */
  value: number | null;
  /** The exact value from the API (a MAD decimal string, or a count), for the text. */
  exact: string | null;
  suppressed: boolean;
}

/** A label of a dimension with its law-backed and its illustrative cell, side by side. */
export interface BasisPoint {
  label: string;
  law: SeriesPoint;
  illustrative: SeriesPoint;
}

function point(label: string, row: PairRow | undefined): SeriesPoint {
  if (row === undefined) {
    return { label, value: 0, exact: "0.00", suppressed: false };
  }
  return { label, value: row.mad === null ? null : Number(row.mad), exact: row.mad, suppressed: row.suppressed };
}

/**
 * The headline order: the pair the proposal unlocks and the pair it newly blocks side by side,
 * first, so the cost of the proposal is read with its benefit, never apart.
 */
export const HEADLINE_ORDER: readonly (Pair | typeof TOTAL)[] = [
  "unlocked",
  "newly_blocked",
  "breach_both",
  "compliant_both",
  "review_or_pending",
  "not_trialled",
  TOTAL,
];

/**
 * `pair`'s MAD per label of `dimension` (the margin row left out), in the table's order: the
 * law-backed part and the illustrative part apart, never added together.
 */
export function basisSeries(rows: readonly PairRow[], dimension: string, pair: Pair = "unlocked"): BasisPoint[] {
  const labels: string[] = [];
  const cells = new Map<string, PairRow>();
  for (const row of rows) {
    const label = String(row[dimension]);
    if (row.pair !== pair || label === TOTAL) {
      continue;
    }
    if (!labels.includes(label)) {
      labels.push(label);
    }
    cells.set(`${label}|${row.basis}`, row);
  }
  const [law, illustrative] = BASES;
  return labels.map((label) => ({
    label,
    law: point(label, cells.get(`${label}|${law}`)),
    illustrative: point(label, cells.get(`${label}|${illustrative}`)),
  }));
}

/** Every column of a breakdown table: the verdict pairs in the headline's order, then all. */
export const BREAKDOWN_COLUMNS = HEADLINE_ORDER;

/** A breakdown cell: the figure shown, and for a split pair its illustrative part beside it. */
export interface BreakdownCell {
  /** The law-backed part of a split pair; the whole cell otherwise (compliant now, or all). */
  main: Cell;
  /** What rests only on illustrative values; null for a pair no rule blocks in force. */
  illustrative: Cell | null;
}

/** One row of a breakdown table: a value of the dimension (or the margin) and its cell per pair. */
export interface BreakdownRow {
  label: string;
  /** The margin row (`TOTAL`): every value of the dimension together. */
  total: boolean;
  cells: Record<Pair | typeof TOTAL, BreakdownCell>;
}

const EMPTY_CELL: Cell = { declarations: 0, participants: 0, mad: "0.00", suppressed: false };

function cellOf(row: PairRow): Cell {
  return { declarations: row.declarations, participants: row.participants, mad: row.mad, suppressed: row.suppressed };
}

/**
 * A long-form pair table as one row per value of `dimension` (in the table's order) and one cell
 * per pair, the margin row last. A split pair's cell is its law-backed part with its illustrative
 * part beside it, never their sum. A pair the server left out of a row is an empty cell, never a
 * hidden one: hidden cells come as nulls marked `suppressed` and stay so.
 */
export function breakdownRows(rows: readonly PairRow[], dimension: string): BreakdownRow[] {
  const byLabel = new Map<string, Map<string, Cell>>();
  for (const row of rows) {
    const label = String(row[dimension]);
    const cells = byLabel.get(label) ?? new Map<string, Cell>();
    cells.set(`${row.pair}|${row.basis}`, cellOf(row));
    byLabel.set(label, cells);
  }
  const labels = [...byLabel.keys()].filter((label) => label !== TOTAL);
  if (byLabel.has(TOTAL)) {
    labels.push(TOTAL);
  }
  return labels.map((label) => {
    const cells = byLabel.get(label);
    const get = (key: string) => cells?.get(key) ?? EMPTY_CELL;
    const entries = BREAKDOWN_COLUMNS.map((pair): [string, BreakdownCell] =>
      pair !== TOTAL && SPLIT_PAIRS.includes(pair)
        ? [pair, { main: get(`${pair}|law`), illustrative: get(`${pair}|illustrative`) }]
        : [pair, { main: get(`${pair}|${TOTAL}`), illustrative: null }],
    );
    return { label, total: label === TOTAL, cells: Object.fromEntries(entries) as Record<Pair | typeof TOTAL, BreakdownCell> };
  });
}

/** Case outcomes a regulator can decide (backend `reviews.Outcome`), in the order shown. */
export const OUTCOMES = ["allowed_under_sandbox", "breach_confirmed", "cleared", "escalated"] as const;

/** The decided cases of one outcome and their friction, or nulls when the cell is suppressed. */
export interface OutcomeFigures {
  outcome: string;
  cases: number | null;
  participants: number | null;
  /** Mean whole days from declaration to decision; null when suppressed or without cases. */
  meanDays: number | null;
  documentsRequested: number | null;
  suppressed: boolean;
}

function outcomeFigures(row: ReviewRow): OutcomeFigures {
  const { cases, days_total: days } = row;
  return {
    outcome: row.outcome,
    cases,
    participants: row.participants,
    meanDays: cases === null || days === null || cases === 0 ? null : days / cases,
    documentsRequested: row.documents_requested,
    suppressed: row.suppressed,
  };
}

/**
 * Every outcome a case can have (an outcome no case reached is a zero, as the server lists only
 * those reached), then any outcome this page does not know yet, and the margin apart (null when
 * no case was decided at all).
 */
export function reviewOutcomes(rows: readonly ReviewRow[]): { outcomes: OutcomeFigures[]; total: OutcomeFigures | null } {
  const byOutcome = new Map(rows.map((row) => [row.outcome, row]));
  const unknown = [...byOutcome.keys()]
    .filter((outcome) => outcome !== TOTAL && !(OUTCOMES as readonly string[]).includes(outcome))
    .sort((a, b) => a.localeCompare(b));
  const outcomes = [...OUTCOMES, ...unknown].map((outcome) => {
    const row = byOutcome.get(outcome);
    return row === undefined
      ? { outcome, cases: 0, participants: 0, meanDays: null, documentsRequested: 0, suppressed: false }
      : outcomeFigures(row);
  });
  const total = byOutcome.get(TOTAL);
  return { outcomes, total: total === undefined ? null : outcomeFigures(total) };
}

/** Decided cases per outcome, as chart points (a suppressed count stays a marked gap). */
export function outcomeSeries(outcomes: readonly OutcomeFigures[]): SeriesPoint[] {
  return outcomes.map((figures) => ({
    label: figures.outcome,
    value: figures.cases,
    exact: figures.cases === null ? null : String(figures.cases),
    suppressed: figures.suppressed,
  }));
}

/** Usage buckets in percent of the cap, in order (backend `USAGE_BUCKETS`). */
export const BUCKETS = ["0-20", "20-40", "40-60", "60-80", "80-100", "100+"] as const;

export interface AllowanceDistribution {
  allowance: string;
  /** `in_force` or `proposed`: which rulebook the allowance belongs to. */
  kind: string;
  ruleId: string;
  buckets: { bucket: string; participants: number | null; suppressed: boolean }[];
  total: number | null;
}

/** Participants per usage bucket of each allowance, rules in force first, then the proposal. */
export function allowanceDistributions(rows: readonly AllowanceRow[]): AllowanceDistribution[] {
  const names = [...new Set(rows.map((row) => row.allowance).filter((name) => name !== TOTAL))];
  const kindRank = (name: string) => (name.startsWith("in_force:") ? 0 : 1);
  names.sort((a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b));
  return names.map((allowance) => {
    const cells = new Map(rows.filter((row) => row.allowance === allowance).map((row) => [row.bucket, row]));
    const [kind, ruleId] = splitOnce(allowance, ":");
    return {
      allowance,
      kind,
      ruleId,
      buckets: BUCKETS.map((bucket) => {
        const cell = cells.get(bucket);
        // A missing bucket is an empty one; a present null is a suppressed one and stays null.
        return cell === undefined
          ? { bucket, participants: 0, suppressed: false }
          : { bucket, participants: cell.participants, suppressed: cell.suppressed };
      }),
      total: cells.has(TOTAL) ? (cells.get(TOTAL)?.participants ?? null) : null,
    };
  });
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator);
  return at < 0 ? [value, ""] : [value.slice(0, at), value.slice(at + separator.length)];
}

/** A MAD decimal string for the reader (« 2 500 000 MAD »), cents only when not zero; null stays null. */
export function formatMad(value: string | null, language: Language): string | null {
  return value === null ? null : formatMoneyMad(value, language, { cents: "auto" });
}

/** A count for the reader ("1 234"); null (suppressed) stays null. */
export function formatCount(value: number | null, language: Language): string | null {
  return value === null ? null : formatNumber(value, language);
}

// Means of whole days: a tenth of a day is as precise as the inputs allow reading.
const MEAN_DIGITS = 1;

/** A mean for the reader ("3,5"), at most one decimal; null stays null. */
export function formatMean(value: number | null, language: Language): string | null {
  return value === null ? null : formatNumber(value, language, MEAN_DIGITS);
}

/** Every table of the payload whose cells can be suppressed, with how many are. */
export function suppressedCount(tables: Readonly<Record<string, unknown>>): number {
  let count = 0;
  for (const rows of Object.values(tables)) {
    if (Array.isArray(rows)) {
      count += (rows as { suppressed?: unknown }[]).filter((row) => row.suppressed === true).length;
    }
  }
  return count;
}

export { PAIRS };
