import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { exportHref, type InsightView } from './api';
import type { InsightSearch } from './search';

/**
 * What to do with the view on screen: copy its link, download its table (CSV, XLSX: plain links to the export with
 * the page's filters) and, when it is a saved view, record a decision that rests on it.
 */
export function ShareBar({ schoolId, search, savedView }: { schoolId: string; search: InsightSearch; savedView?: InsightView }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const link = useRef<HTMLInputElement>(null);
  useEffect(() => setCopied(undefined), [search]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure origin on the school LAN, or permission refused): show the link to copy by hand.
      setCopied('no');
    }
  };
  useEffect(() => {
    if (copied === 'no') link.current?.select();
  }, [copied]);

  return (
    <div className="share-bar">
      <div className="button-row">
        <button type="button" className="button button-secondary button-compact" onClick={() => void copy()}>
          Copy link
        </button>
        <a className="button button-secondary button-compact" href={exportHref(schoolId, search, 'csv')} download>
          Export CSV
        </a>
        <a className="button button-secondary button-compact" href={exportHref(schoolId, search, 'xlsx')} download>
          Export XLSX
        </a>
        {savedView ? (
          <Link className="button button-primary button-compact" to="/schools/$schoolId/decisions" params={{ schoolId }} search={{ viewId: savedView.id }}>
            Record a decision from this view
          </Link>
        ) : null}
      </div>
      <div role="status" className="share-status">
        {copied === 'yes' ? <p className="meta">Link copied. Anyone on the school’s leadership team can open it.</p> : null}
      </div>
      {copied === 'no' ? (
        <div className="field">
          <label htmlFor="view-link">Link to this view (copy it)</label>
          <input id="view-link" ref={link} readOnly value={window.location.href} onFocus={(e) => e.target.select()} />
        </div>
      ) : null}
      {savedView ? (
        <p className="meta">
          This is the saved view “{savedView.name}”.
        </p>
      ) : (
        <p className="meta">To record a decision that rests on these numbers, save the view first.</p>
      )}
    </div>
  );
}
