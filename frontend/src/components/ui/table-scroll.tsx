import type { ReactNode } from "react";

/**
 * A wide table's own scrolling box, so the page never scrolls sideways on a phone. It is a named
 * region that takes the keyboard focus, so the table can be scrolled without a mouse.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
