import { useState } from 'react';
import { ApiError, base, CellReport, postFile, query, request } from '../api';
import { useI18n } from '../i18n';
import { addDays, firstOfMonth, monthsBetween, todayIn } from '../util';
import { ErrorText } from '../components/Status';
import { useCan } from '../me';

interface ImportResult {
  created: number;
  updated: number;
  retired: number;
  unchanged: number;
  revision: number;
  warningCells: CellReport[];
}

/** Master data as a workbook (import with every bad cell shown on its sheet, download) and data export (§9.9). */
export function ImportExportPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t } = useI18n();
  const api = base(tenantId, enterpriseCode);
  return (
    <div className="grid">
      <WorkbookImport api={api} />
      <DataExport api={api} />
      <section className="panel">
        <h2>{t('workbookExport')}</h2>
        <a className="button" href={api + '/workbook'} download>{t('workbookExport')} (XLSX)</a>
      </section>
    </div>
  );
}

function WorkbookImport({ api }: { api: string }) {
  const { t } = useI18n();
  const canImport = useCan('enterprise-manager');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function upload(file: File) {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await postFile<ImportResult>(api + '/workbook', file));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const cells = error instanceof ApiError ? error.cells : [];
  return (
    <section className="panel wide">
      <h1>{t('workbookImport')}</h1>
      {!canImport && <p className="muted">{t('importNeedsManager')}</p>}
      {canImport && <label className="file">{t('chooseFile')}
        <input type="file" name="workbook" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy} onChange={(e) => { const f = e.target.files?.[0]; if (f) upload(f); e.target.value = ''; }} />
      </label>}
      {busy && <p className="muted">{t('importing')}</p>}
      {result && (
        <p className="good" role="status" data-import="ok">{t('imported')}: {t('created')} {result.created} · {t('updated')} {result.updated} · {t('unchanged')} {result.unchanged} · {t('retired')} {result.retired}</p>
      )}
      {result && result.warningCells.length > 0 && <SheetView cells={result.warningCells} />}
      {cells.length > 0 ? (
        <>
          <p className="error" role="alert">{t('importRefused')}</p>
          <SheetView cells={cells} />
        </>
      ) : <ErrorText error={error} />}
    </section>
  );
}

/** The flagged cells where they are in the workbook: per sheet, their rows and columns as Excel shows them. */
function SheetView({ cells }: { cells: CellReport[] }) {
  const { t, pick } = useI18n();
  const sheets = [...new Set(cells.map((c) => c.sheet))];
  return (
    <>
      {sheets.map((sheet) => {
        const mine = cells.filter((c) => c.sheet === sheet);
        const located = mine.filter((c) => c.row !== null && c.column !== null);
        const rows = [...new Set(located.map((c) => c.row!))].sort((a, b) => a - b);
        const cols = [...new Set(located.map((c) => c.column!))].sort((a, b) => a.length - b.length || a.localeCompare(b));
        return (
          <div key={sheet} className="sheet" data-sheet={sheet}>
            <h3>{t('sheet')}: {sheet}</h3>
            {rows.length > 0 && (
              <div className="scroll"><table className="sheet-grid">
                <thead><tr><th />{cols.map((c) => <th key={c}>{c}<br /><small>{located.find((x) => x.column === c)?.columnTitle}</small></th>)}</tr></thead>
                <tbody>{rows.map((r) => (
                  <tr key={r}><th>{r}</th>{cols.map((c) => {
                    const hit = located.filter((x) => x.row === r && x.column === c);
                    return hit.length === 0 ? <td key={c} /> : (
                      <td key={c} className="flagged" data-cell={`${c}${r}`} title={hit.map((h) => pick(h.messageZh, h.messageEn)).join('\n')}>
                        <span className="cell-value">{hit[0].value ?? ''}</span>
                        <span className="cell-message">{hit.map((h) => pick(h.messageZh, h.messageEn)).join('；')}</span>
                      </td>);
                  })}</tr>))}</tbody>
              </table></div>
            )}
            <ul className="findings">{mine.map((c, i) => (
              <li key={i}><code>{c.column && c.row ? `${sheet}!${c.column}${c.row}` : sheet}</code> {pick(c.messageZh, c.messageEn)}
                {c.expected ? <span className="muted"> · {t('expected')}: {c.expected}</span> : null}</li>))}</ul>
          </div>
        );
      })}
    </>
  );
}

type Resolution = 'QUARTER' | 'HOUR' | 'DAY' | 'MONTH';

function DataExport({ api }: { api: string }) {
  const { t } = useI18n();
  const today = todayIn();
  const [from, setFrom] = useState(firstOfMonth(today, 1));
  const [to, setTo] = useState(addDays(firstOfMonth(today), -1));
  const [resolution, setResolution] = useState<Resolution>('DAY');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const problem = to < from ? t('toBeforeFrom') : monthsBetween(from, addDays(to, 1)) > 24 ? t('rangeTooLong') : null;

  async function run(e: React.FormEvent) {
    e.preventDefault();
    if (problem) return;
    setError(null);
    setProgress(t('exporting'));
    try {
      const res = await request(api + '/export' + query({ from, to: addDays(to, 1), period: resolution.toLowerCase(), format }),
        { headers: { Accept: '*/*' } });
      const total = Number(res.headers.get('X-Export-Rows') ?? 'NaN');
      const reader = res.body!.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setProgress(`${t('exporting')} ${(bytes / 1024).toFixed(0)} KB` + (Number.isFinite(total) ? ` · ${total} ${t('rows')}` : ''));
      }
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `export.${format}`;
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setProgress(`${t('exported')}: ${name} · ${(bytes / 1024).toFixed(0)} KB` + (Number.isFinite(total) ? ` · ${total} ${t('rows')}` : ''));
    } catch (err) {
      setProgress(null);
      setError(err);
    }
  }

  return (
    <section className="panel">
      <h2>{t('export')}</h2>
      <form className="form" onSubmit={run} noValidate>
        <label>{t('from')}<input type="date" name="from" value={from} max={today} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>{t('to')}<input type="date" name="to" value={to} max={today} onChange={(e) => setTo(e.target.value)} />
          {problem && <span className="field-error" role="alert">{problem}</span>}</label>
        <label>{t('resolution')}
          <select name="resolution" value={resolution} onChange={(e) => setResolution(e.target.value as Resolution)}>
            {(['QUARTER', 'HOUR', 'DAY', 'MONTH'] as Resolution[]).map((r) => <option key={r} value={r}>{t(r)}</option>)}
          </select></label>
        <label>{t('format')}
          <select name="format" value={format} onChange={(e) => setFormat(e.target.value as 'xlsx' | 'csv')}>
            <option value="xlsx">XLSX</option><option value="csv">CSV</option>
          </select></label>
        <button type="submit" className="primary" disabled={!!problem}>{t('download')}</button>
        {progress && <p className="muted" role="status" data-export-progress>{progress}</p>}
        <ErrorText error={error} />
      </form>
    </section>
  );
}
