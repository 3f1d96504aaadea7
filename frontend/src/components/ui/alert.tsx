import { useEffect, useRef, type ReactNode } from "react";

interface AlertProps {
  title?: string;
  children: ReactNode;
  /** Moves keyboard focus to the alert when it appears, so the reason is read out at once. */
  focusOnMount?: boolean;
  testId?: string;
}

/** An error message announced to assistive technology as soon as it is shown. */
export function Alert({ title, children, focusOnMount = false, testId }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnMount) {
      ref.current?.focus();
    }
  }, [focusOnMount]);
  return (
    <div ref={ref} className="alert" role="alert" tabIndex={-1} data-testid={testId}>
      {title !== undefined && <p className="alert__title">{title}</p>}
      <div className="alert__body">{children}</div>
    </div>
  );
}
