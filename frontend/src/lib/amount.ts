/**
 * Reading an amount typed by a person, in the interface language's conventions, into the decimal
 * string the API takes — or saying exactly why not. Nothing is guessed: "1,500" is fifteen hundred
 * in English and one and a half in French, so the same keys mean what the reader's language says.
 */
import type { Language } from "@/lib/i18n";

export type AmountProblem =
  | "empty"
  /** Letters or symbols other than digits, separators and a currency sign. */
  | "format"
  /** A thousands separator in the wrong place ("1,50" in English), which is probably a typo. */
  | "grouping"
  /** More than one decimal separator. */
  | "decimals";

export type ParsedAmount = { ok: true; value: string } | { ok: false; problem: AmountProblem };

// Spaces people and spreadsheets put between thousands: plain, no-break, narrow no-break, thin.
const SPACES = /[\s\u00a0\u202f\u2009]/g;
// Currency signs and codes pasted along with the number ("1 500,00 €", "EUR 1,500.00").
const CURRENCY = /^[A-Za-z]{3}|[A-Za-z]{3}$|[€$£¥]|MAD|DH|dhs?/gi;

const SEPARATORS: Readonly<Record<Language, { decimal: string; group: string }>> = {
  fr: { decimal: ",", group: "." },
  en: { decimal: ".", group: "," },
};

function groupedCorrectly(whole: string, group: string): boolean {
  if (!whole.includes(group)) {
    return true;
  }
  const [head = "", ...rest] = whole.split(group);
  return /^\d{1,3}$/.test(head) && rest.every((part) => /^\d{3}$/.test(part));
}

/**
 * "1 500,00 €" (French) or "1,500.00" (English) → "1500.00". In French a point alone before the
 * decimals is also read as the decimal mark ("1500.50", as on a numeric keypad), but "1.500" —
 * a point followed by exactly three digits — is grouping, as in French bank statements.
 */
export function parseAmount(raw: string, language: Language): ParsedAmount {
  const compact = raw.replace(CURRENCY, "").replace(SPACES, "").replace(/'/g, "");
  if (compact === "") {
    return { ok: false, problem: raw.trim() === "" ? "empty" : "format" };
  }
  if (!/^\d[\d.,]*$/.test(compact) || /[.,]$/.test(compact)) {
    return { ok: false, problem: "format" };
  }
  let { decimal, group } = SEPARATORS[language];
  if (language === "fr" && !compact.includes(",") && /\.\d{1,2}$/.test(compact) && compact.split(".").length === 2) {
    // "1500.50": a lone point followed by cents is the keypad's decimal mark.
    [decimal, group] = [".", ","];
  }
  const parts = compact.split(decimal);
  if (parts.length > 2) {
    return { ok: false, problem: "decimals" };
  }
  const [whole = "", fraction] = parts;
  if (fraction !== undefined && fraction.includes(group)) {
    return { ok: false, problem: "grouping" };
  }
  if (!groupedCorrectly(whole, group)) {
    return { ok: false, problem: "grouping" };
  }
  const digits = whole.split(group).join("");
  return { ok: true, value: fraction === undefined ? digits : `${digits}.${fraction}` };
}

/** A decimal string ("1500.5") as the person would type it back in their language ("1500,5"). */
export function amountForInput(value: string, language: Language): string {
  return language === "fr" ? value.replace(".", ",") : value;
}

function scaled(value: string): { digits: bigint; scale: number } {
  const [whole = "0", fraction = ""] = value.split(".");
  return { digits: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

/**
 * `amount × rate` rounded half to even at `places` decimals, exactly (the same rounding the
 * server converts with): "1500.00" × "10.8057" → "16208.55".
 */
export function multiplyDecimal(amount: string, rate: string, places = 2): string {
  const a = scaled(amount);
  const b = scaled(rate);
  const product = a.digits * b.digits;
  const drop = a.scale + b.scale - places;
  let result: bigint;
  if (drop <= 0) {
    result = product * 10n ** BigInt(-drop);
  } else {
    const divisor = 10n ** BigInt(drop);
    const quotient = product / divisor;
    const remainder = product % divisor;
    const twice = remainder * 2n;
    const roundUp = twice > divisor || (twice === divisor && quotient % 2n === 1n);
    result = roundUp ? quotient + 1n : quotient;
  }
  const text = result.toString().padStart(places + 1, "0");
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
}
