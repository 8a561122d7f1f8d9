/** Define a label stock the built-in list does not have; saved by name in the settings. */
import { useState } from 'react';
import type { LabelStock } from '../../../preload/domain';
import { api } from '../api';
import { GridForm } from '../components/GridForm';
import { FormMessage, type FormMessageValue } from '../components/FormMessage';

const FIELDS: ReadonlyArray<{ key: keyof LabelStock; label: string }> = [
  { key: 'pageWidthMm', label: 'Page width (mm)' },
  { key: 'pageHeightMm', label: 'Page height (mm)' },
  { key: 'columns', label: 'Columns' },
  { key: 'rows', label: 'Rows' },
  { key: 'labelWidthMm', label: 'Label width (mm)' },
  { key: 'labelHeightMm', label: 'Label height (mm)' },
  { key: 'marginTopMm', label: 'Top margin (mm)' },
  { key: 'marginLeftMm', label: 'Left margin (mm)' },
  { key: 'gapXMm', label: 'Gap between columns (mm)' },
  { key: 'gapYMm', label: 'Gap between rows (mm)' },
];

export function CustomStockCard({ onSaved }: { onSaved: (stocks: LabelStock[], id: string) => void }) {
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({
    pageWidthMm: '210',
    pageHeightMm: '297',
    columns: '2',
    rows: '8',
    labelWidthMm: '99.1',
    labelHeightMm: '33.9',
    marginTopMm: '12.9',
    marginLeftMm: '4.65',
    gapXMm: '2.5',
    gapYMm: '0',
  });
  const [message, setMessage] = useState<FormMessageValue | null>(null);

  const save = async (): Promise<void> => {
    const id = `custom-${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30)}`;
    const numbers = Object.fromEntries(FIELDS.map((f) => [f.key, Number(values[f.key])]));
    const bad = FIELDS.find((f) => !Number.isFinite(numbers[f.key]));
    if (!name.trim()) return setMessage({ kind: 'error', text: 'Give the stock a name.' });
    if (bad) return setMessage({ kind: 'error', text: `${bad.label} must be a number.` });
    const r = await api.labels.saveStock({
      id,
      name: name.trim(),
      kind: Number(values['columns']) * Number(values['rows']) === 1 ? 'roll' : 'sheet',
      ...numbers,
    } as LabelStock);
    if (r.ok) {
      setMessage({ kind: 'ok', text: `Stock "${name.trim()}" saved.` });
      onSaved(r.value, id);
    } else setMessage({ kind: 'error', text: r.error.message });
  };

  return (
    <section className="card" aria-labelledby="custom-stock">
      <h2 id="custom-stock">Custom label stock</h2>
      <GridForm onSubmit={save}>
        <div className="field">
          <label htmlFor="stock-name">Name</label>
          <input id="stock-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Herma 4453" />
        </div>
        {FIELDS.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`stock-${f.key}`}>{f.label}</label>
            <input id={`stock-${f.key}`} inputMode="decimal" value={values[f.key]} onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))} />
          </div>
        ))}
        <div className="actions field-wide">
          <button type="submit" className="button">
            Save stock
          </button>
        </div>
      </GridForm>
      <FormMessage message={message} />
    </section>
  );
}
