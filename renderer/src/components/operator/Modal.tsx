/** A modal dialog (the platform's <dialog>, opened on mount) with the app's dialog style. */
import { useEffect, useRef, type ReactNode } from 'react';
import './operator.css';

export function Modal({ title, onClose, wide, children }: { title: string; onClose: () => void; wide?: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const id = `dlg-${title.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <dialog ref={ref} className={`dialog${wide ? ' wide' : ''}`} aria-labelledby={id} onClose={onClose} onCancel={onClose}>
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}
