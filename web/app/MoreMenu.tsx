import { useRouterState } from '@tanstack/react-router';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A disclosure menu in the main navigation: a button that shows and hides a list of links ("More" on phones, a
 * group such as "Learning" on wide screens). Escape closes it and returns focus to the button; so do a click
 * elsewhere and following a link. The button is marked when the open page is one of its links.
 */
export function MoreMenu({ children, label = 'More' }: { children: ReactNode; label?: string }) {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useEffect(() => setOpen(false), [pathname]);
  useLayoutEffect(() => {
    setCurrent(Boolean(root.current?.querySelector('.more-menu a[aria-current="page"]')));
  }, [pathname, children]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div
      className="more"
      ref={root}
      onBlur={(event) => {
        if (open && event.relatedTarget && !root.current?.contains(event.relatedTarget as Node)) setOpen(false);
      }}
    >
      <button
        type="button"
        ref={button}
        className={`more-button${current ? ' more-current' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        <span aria-hidden="true">{open ? ' ▴' : ' ▾'}</span>
      </button>
      <ul id={id} className="more-menu" hidden={!open}>
        {children}
      </ul>
    </div>
  );
}
