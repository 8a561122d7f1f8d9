/** A row filter as a radio group, each choice showing how many rows it matches. */
export interface FilterOption<T> {
  readonly id: string;
  readonly label: string;
  readonly test: (row: T) => boolean;
}

export function RowFilter({
  name,
  label,
  options,
  counts,
  selected,
  onSelect,
}: {
  name: string;
  label: string;
  options: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  counts: Readonly<Record<string, number>>;
  selected: string;
  onSelect: (id: string) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((f) => (
        <label key={f.id} className={selected === f.id ? 'selected' : ''}>
          <input type="radio" name={name} value={f.id} checked={selected === f.id} onChange={() => onSelect(f.id)} />
          {f.label} ({counts[f.id]?.toLocaleString()})
        </label>
      ))}
    </div>
  );
}
