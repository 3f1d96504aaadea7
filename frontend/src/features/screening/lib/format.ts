import type { Language } from "@/lib/i18n";

const LOCALES: Readonly<Record<Language, string>> = { fr: "fr-FR", en: "en-GB" };

/**
 * A decimal MAD string ("1240000.00") for reading: grouped thousands, decimals only when there
 * are centimes. Parsed from the string's parts, never through a float, so large amounts stay exact.
 */
export function formatMad(value: string, language: Language): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  const grouped = new Intl.NumberFormat(LOCALES[language], { useGrouping: true }).format(BigInt(whole));
  const cents = fraction.replace(/0+$/, "");
  const decimal = language === "fr" ? "," : ".";
  const text = cents === "" ? grouped : `${grouped}${decimal}${fraction.padEnd(2, "0").slice(0, 2)}`;
  return negative ? `-${text}` : text;
}

/** An ISO date ("2027-01-01") as dd/mm/yyyy (both languages), without time-zone shifts. */
export function formatDay(iso: string): string {
  const [year = "", month = "", day = ""] = iso.split("-");
  return `${day}/${month}/${year}`;
}
