import { cloneElement, type ReactElement, type ReactNode } from "react";
import { ResponsiveContainer } from "recharts";

// Until the container has measured itself (and in test DOMs, which have no layout), draw at this
// size rather than not at all.
const INITIAL_SIZE = { width: 640, height: 280 };

export interface ChartTableColumn {
  key: string;
  label: string;
}

interface ChartFrameProps {
  /** Said by screen readers for the figure; the table below gives every value. */
  label: string;
  height?: number;
  /** The plotted values as a table, for screen readers and for copying figures. */
  table: { caption: string; columns: readonly ChartTableColumn[]; rows: readonly Record<string, ReactNode>[] };
  /** A recharts chart; its keyboard layer is turned off, since the table below is the accessible view. */
  children: ReactElement<{ accessibilityLayer?: boolean }>;
  testId?: string;
  legend?: ReactNode;
}

/**
 * A chart that fills its column at any width, with its data as a table that screen readers read
 * (the drawing itself is `aria-hidden`: a list of SVG paths says nothing).
 */
export function ChartFrame({ label, height = 280, table, children, testId, legend }: ChartFrameProps) {
  return (
    <figure className="chart" data-testid={testId} aria-label={label}>
      <div className="chart__plot" aria-hidden="true" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ ...INITIAL_SIZE, height }}>
          {/* A focusable drawing inside an aria-hidden box would be a keyboard stop that says nothing. */}
          {cloneElement(children, { accessibilityLayer: false })}
        </ResponsiveContainer>
      </div>
      {legend !== undefined && <figcaption className="chart__legend">{legend}</figcaption>}
      {/* Hidden in a box of its own: a table keeps its width, a box does not. */}
      <div className="visually-hidden">
      <table>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {table.columns.map((column) => (
                <td key={column.key}>{row[column.key] ?? "—"}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
