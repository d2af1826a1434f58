import { useMemo, useState } from 'react';
import { ApiError, Attachment, base, getJson, ManualEntry, Point, postFile, postJson, Submitted, Versioned } from '../api';
import { Key, useI18n } from '../i18n';
import { firstOfMonth, fmtNumber, fmtTime, todayIn, useLoad } from '../util';
import { ErrorText, Status } from '../components/Status';
import { useCan } from '../me';

type Period = 'DAY' | 'WEEK' | 'MONTH';

interface Form {
  pointId: string;
  period: Period;
  periodStart: string;
  value: string;
  comment: string;
  files: File[];
}

/** The checks the portal makes too (manualentry.EntryRules), run as the user types so each field says what to fix. */
export function checkEntry(f: Form, today: string): Partial<Record<keyof Form, Key>> {
  const out: Partial<Record<keyof Form, Key>> = {};
  if (!f.pointId) out.pointId = 'mustChoosePoint';
  if (!/^-?\d+(\.\d+)?$/.test(f.value.trim())) out.value = 'mustBeNumber';
  else if (Number(f.value) < 0) out.value = 'mustNotBeNegative';
  if (!f.periodStart) out.periodStart = 'mustChooseDate';
  else {
    const d = new Date(f.periodStart + 'T00:00:00');
    if (f.period === 'WEEK' && d.getDay() !== 1) out.periodStart = 'mustBeMonday';
    else if (f.period === 'MONTH' && d.getDate() !== 1) out.periodStart = 'mustBeFirst';
    else if (f.periodStart > today) out.periodStart = 'mustNotBeFuture';
  }
  if (f.comment.length > 500) out.comment = 'tooManyChars';
  return out;
}

/**
 * Manual entry (§6.3.4, §9.6.2): a value for a day, week or month of a point entered by hand, with evidence files;
 * the portal stores it with its history and publishes it as a reading with source 5. A correction is a new version.
 */
export function ManualEntryPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t, pick, locale } = useI18n();
  const api = base(tenantId, enterpriseCode);
  const today = todayIn();
  const points = useLoad(() => getJson<Versioned<Point>[]>(api + '/points'), [api]);
  const manualPoints = useMemo(() => (points.data ?? []).map((p) => p.data).filter((p) => p.source === 5), [points.data]);
  const entries = useLoad(() => getJson<ManualEntry[]>(api + '/manual-entries'), [api]);
  const [form, setForm] = useState<Form>({ pointId: '', period: 'MONTH', periodStart: firstOfMonth(today, 1), value: '', comment: '', files: [] });
  const [touched, setTouched] = useState<Partial<Record<keyof Form, boolean>>>({});
  const canEnter = useCan('enterprise-operator');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Submitted | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pointId = form.pointId || manualPoints[0]?.id || '';
  const point = manualPoints.find((p) => p.id === pointId);
  const effective = { ...form, pointId };
  const problems = checkEntry(effective, today);
  const serverProblems = (field: string) => (error instanceof ApiError ? error.forField(field) : []);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setTouched((x) => ({ ...x, [k]: true }));
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched({ pointId: true, value: true, periodStart: true, comment: true });
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const uploaded: Attachment[] = [];
      for (const file of form.files) {
        uploaded.push(await postFile<Attachment>(api + '/manual-entries/attachments', file));
      }
      const submitted = await postJson<Submitted>(api + '/manual-entries', {
        pointId, period: form.period, periodStart: form.periodStart, value: form.value.trim(),
        unit: point?.unit, comment: form.comment.trim() || null, attachmentIds: uploaded.map((a) => a.id),
      });
      setResult(submitted);
      setForm((f) => ({ ...f, files: [] }));
      entries.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (k: keyof Form | 'unit', server: string) => {
    const local = k !== 'unit' && touched[k] && problems[k];
    const remote = serverProblems(server);
    if (!local && remote.length === 0) return null;
    return (
      <span className="field-error" role="alert" data-field={server}>
        {local ? t(local) : remote.map((v) => pick(v.messageZh, v.messageEn)).join('；')}
      </span>
    );
  };

  return (
    <div className="grid">
      <section className="panel">
        <h1>{t('manual')}</h1>
        <Status loading={points.loading && !points.data} error={points.error} />
        {points.data && manualPoints.length === 0 && <p className="muted">{t('noManualPoint')}</p>}
        {manualPoints.length > 0 && !canEnter && <p className="muted">{t('entryNeedsOperator')}</p>}
        {manualPoints.length > 0 && canEnter && (
          <form className="form" onSubmit={submit} noValidate>
            <label>{t('point')}
              <select name="pointId" value={pointId} onChange={(e) => set('pointId', e.target.value)}>
                {manualPoints.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.id}, {p.unit})</option>)}
              </select>
              {fieldError('pointId', 'pointId')}
            </label>
            <label>{t('period')}
              <select name="period" value={form.period} onChange={(e) => set('period', e.target.value as Period)}>
                {(['MONTH', 'WEEK', 'DAY'] as Period[]).map((p) => <option key={p} value={p}>{t(p)}</option>)}
              </select>
            </label>
            <label>{t('periodStart')}
              <input type="date" name="periodStart" value={form.periodStart} max={today}
                onChange={(e) => set('periodStart', e.target.value)} aria-invalid={!!(touched.periodStart && problems.periodStart)} />
              {fieldError('periodStart', 'periodStart')}
            </label>
            <label>{t('value')}{point ? ` (${point.unit})` : ''}
              <input name="value" inputMode="decimal" value={form.value} autoComplete="off"
                onChange={(e) => set('value', e.target.value)} aria-invalid={!!(touched.value && problems.value)} />
              {fieldError('value', 'value')}
              {fieldError('unit', 'unit')}
            </label>
            <label>{t('comment')}
              <textarea name="comment" rows={2} value={form.comment} onChange={(e) => set('comment', e.target.value)} />
              {fieldError('comment', 'comment')}
            </label>
            <label>{t('attachments')}
              <input type="file" name="attachments" multiple accept=".pdf,.png,.jpg,.jpeg,.xlsx,application/pdf,image/png,image/jpeg"
                onChange={(e) => set('files', Array.from(e.target.files ?? []))} />
              <span className="hint">{t('attachmentHint')}</span>
              {fieldError('files', 'attachmentIds')}
            </label>
            <button type="submit" className="primary" disabled={busy}>{busy ? t('submitting') : t('submit')}</button>
            {result && <p className="good" role="status" data-outcome={result.outcome}>{t('saved')}: {t(result.outcome)} · {t('version')} {result.entry.version}</p>}
            {error !== null && !(error instanceof ApiError && error.violations.length > 0) && <ErrorText error={error} />}
          </form>
        )}
      </section>
      <section className="panel">
        <h2>{t('entries')}</h2>
        <Status loading={entries.loading && !entries.data} error={entries.error} />
        <div className="scroll"><table className="entries">
          <thead><tr><th>{t('point')}</th><th>{t('period')}</th><th>{t('value')}</th><th>{t('version')}</th><th>{t('enteredBy')}</th><th>{t('enteredAt')}</th><th>{t('attachments')}</th></tr></thead>
          <tbody>{(entries.data ?? []).map((en) => {
            const v = en.versions[en.versions.length - 1];
            return (
              <tr key={en.pointId + en.period + en.periodStart} data-point={en.pointId} data-period-start={en.periodStart}>
                <td>{en.pointId}</td><td>{t(en.period)} {en.periodStart}</td>
                <td className="num">{fmtNumber(v?.value, locale, 3)} {v?.unit}</td><td>{en.version}</td>
                <td>{v?.enteredBy}</td><td>{fmtTime(v?.enteredAt, locale)}</td>
                <td>{v?.attachments.map((a) => (
                  <a key={a.id} href={`${api}/manual-entries/attachments/${a.id}`} title={'SHA-256 ' + a.sha256}>{a.fileName}</a>))}</td>
              </tr>);
          })}</tbody>
        </table></div>
      </section>
    </div>
  );
}
