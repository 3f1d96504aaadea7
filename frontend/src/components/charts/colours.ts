/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"] as const;
