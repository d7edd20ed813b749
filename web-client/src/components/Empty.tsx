import type { ReactNode } from 'react';
import { useT } from '../i18n';

/** What a list or screen shows when there is nothing (yet); `action` offers the next step. */
export function Empty({ title, children, action }: { title?: string; children?: ReactNode; action?: ReactNode }) {
  const t = useT();
  return (
    <div className="state state-empty">
      <p className="state-title">{title ?? t.state.empty}</p>
      {children ? <div className="state-body">{children}</div> : null}
      {action ? <div className="state-action">{action}</div> : null}
    </div>
  );
}
