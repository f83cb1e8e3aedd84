/** A column header that sorts: a button inside the columnheader, aria-sort saying the current order. */
export function SortHeader<K extends string>({
  label,
  sortKey,
  sort,
  onSort,
  className,
}: {
  label: string;
  sortKey: K;
  sort: { key: K; dir: 'asc' | 'desc' };
  onSort: (k: K) => void;
  className?: string;
}) {
  const on = sort.key === sortKey;
  return (
    <span role="columnheader" aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={className}>
      <button type="button" className="sort-btn" onClick={() => onSort(sortKey)} data-sort={sortKey}>
        {label}
        <span aria-hidden className="sort-mark">
          {on ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </span>
  );
}
