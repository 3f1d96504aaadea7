/** Layout of a vertical bar chart in an SVG box (pure: the component only draws it). */
export interface BarBox {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Bar {
  label: string;
  x: number;
  width: number;
  /** Top of the bar; for a suppressed point, the baseline (a marked gap is drawn instead). */
  y: number;
  height: number;
  suppressed: boolean;
}

export interface BarLayout {
  bars: Bar[];
  baseline: number;
  ticks: { y: number; value: number }[];
}

const TICKS = 4;
// Space between bars as a share of each bar's slot.
const GAP_SHARE = 0.2;

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface BarOptions {
  /**
   * The values are counts: the scale's top is raised to a multiple of the tick intervals so every
   * tick is a whole number (a count axis reading "1.7" would be nonsense).
   */
  integers?: boolean;
}

/**
 * Bars from zero up to each value on one shared scale; a suppressed point (value null) keeps its
 * slot, with no height, so the reader sees a gap where a value was hidden rather than a zero.
 */
export function layoutBars(
  points: readonly { label: string; value: number | null }[],
  box: BarBox,
  options: BarOptions = {},
): BarLayout {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.top + plotHeight;
  if (points.length === 0) {
    return { bars: [], baseline, ticks: [] };
  }
  const max = Math.max(0, ...points.map((point) => point.value ?? 0));
  const intervals = TICKS - 1;
  const top = options.integers === true ? Math.max(1, Math.ceil(max / intervals)) * intervals : max > 0 ? max : 1;
  const slot = plotWidth / points.length;
  const width = round(slot * (1 - GAP_SHARE));
  const bars = points.map((point, index) => {
    const height = point.value === null ? 0 : round((Math.max(point.value, 0) / top) * plotHeight);
    return {
      label: point.label,
      x: round(box.left + index * slot + (slot * GAP_SHARE) / 2),
      width,
      y: round(baseline - height),
      height,
      suppressed: point.value === null,
    };
  });
  const ticks = Array.from({ length: TICKS }, (_, index) => {
    const value = (top * index) / intervals;
    return { y: round(baseline - (value / top) * plotHeight), value };
  });
  return { bars, baseline, ticks };
}
