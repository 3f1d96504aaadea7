import type { Language } from "@/lib/i18n";

const LOCALES: Readonly<Record<Language, string>> = { fr: "fr-MA", en: "en-GB" };

/** A decimal string shown with the language's separators, keeping every digit the API sent. */
export function formatAmount(amount: string, language: Language): string {
  const [whole = "0", fraction] = amount.split(".");
  const grouped = BigInt(whole).toLocaleString(LOCALES[language]);
  const decimal = language === "fr" ? "," : ".";
  return fraction === undefined ? grouped : `${grouped}${decimal}${fraction}`;
}

/** `2026-03-25` as a short, unambiguous date in the language. */
export function formatDate(iso: string, language: Language): string {
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  return date.toLocaleDateString(LOCALES[language], { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function formatDateTime(iso: string, language: Language): string {
  return new Date(iso).toLocaleString(LOCALES[language], { dateStyle: "medium", timeStyle: "short" });
}

/** Today's date in the browser, `YYYY-MM-DD`. */
export function todayIso(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
