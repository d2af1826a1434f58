import { useState } from 'react';
import { base, getJson, postJson, query, UploadAttempt, UploadItem } from '../api';
import { useI18n } from '../i18n';
import { addDays, fmtNumber, fmtStatDate, fmtTime, todayIn, useLoad } from '../util';
import { ErrorText, Status } from '../components/Status';
import { useCan } from '../me';

/** The local date-time one second after a statDate: the exclusive end of a re-upload of exactly that period. */
export function nextSecond(statDate: string): string {
  const [date, time = '00:00:00'] = statDate.split('T');
  const [h, m, sec = '0'] = time.split(':');
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), +h, +m, +sec + 1));
  return d.toISOString().slice(0, 19);
}

/** Upload history (§9.8.2) per item and period with its attempts, and re-upload (§9.8.3). */
export function UploadsPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t, locale } = useI18n();
  const api = base(tenantId, enterpriseCode);
  const uploads = useLoad(() => getJson<UploadItem[]>(api + '/uploads' + query({ limit: 100 })), [api]);
  const attempts = useLoad(() => getJson<UploadAttempt[]>(api + '/upload-attempts' + query({ limit: 30 })), [api]);
  const canReupload = useCan('enterprise-manager');
  const [message, setMessage] = useState<string | null>(null);
  const [dataCode, setDataCode] = useState('');
  const [statType, setStatType] = useState('');
  const shown = (uploads.data ?? []).filter((u) => (dataCode === '' || u.dataCode.includes(dataCode.trim()))
    && (statType === '' || String(u.statType) === statType));
  const [error, setError] = useState<unknown>(null);

  async function reupload(u: UploadItem) {
    setError(null);
    setMessage(null);
    try {
      await postJson(api + '/uploads/reupload', {
        platformId: u.platformId, dataCodes: [u.dataCode], statType: u.statType, from: u.statDate, to: nextSecond(u.statDate),
      });
      setMessage(t('reuploadDone'));
      uploads.reload();
      // the next delivery round sends it: show its attempt when it comes
      window.setTimeout(() => { uploads.reload(); attempts.reload(); }, 3000);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="grid">
      <section className="panel wide">
        <h1>{t('uploads')}</h1>
        {message && <p className="good" role="status">{message}</p>}
        {!canReupload && <p className="muted">{t('reuploadNeedsManager')}</p>}
        <ErrorText error={error} />
        <div className="filters">
          <label>{t('dataCode')} <input name="dataCode" value={dataCode} onChange={(e) => setDataCode(e.target.value)} /></label>
          <label>{t('statType')} <select name="statType" value={statType} onChange={(e) => setStatType(e.target.value)}>
            <option value="">{t('allStatTypes')}</option>
            {[0, 1, 2, 3].map((s) => <option key={s} value={String(s)}>{t('statType' + s)}</option>)}
          </select></label>
        </div>
        <Status loading={uploads.loading && !uploads.data} error={uploads.error} />
        <div className="scroll"><table className="uploads">
          <thead><tr><th>{t('platform')}</th><th>{t('dataCode')}</th><th>{t('statDate')}</th><th>{t('value')}</th><th>{t('version')}</th><th>{t('state')}</th><th>{t('attempts')}</th><th>{t('sentAt')}</th><th /></tr></thead>
          <tbody>{shown.map((u) => (
            <tr key={u.platformId + u.dataCode + u.statType + u.statDate} data-data-code={u.dataCode} data-stat-date={u.statDate}>
              <td>{u.platformId}</td><td>{u.dataCode}</td><td>{t('statType' + u.statType)} {fmtStatDate(u.statDate)}</td>
              <td className="num">{fmtNumber(u.value, locale, 4)}</td><td>{u.version}</td>
              <td className={u.status === 'SENT' ? 'good' : u.status === 'FAILED' ? 'bad' : ''}>{t(u.status)}{u.reupload ? ` (${t('reupload')})` : ''}{u.lastError ? ` · ${u.lastError}` : ''}</td>
              <td className="num">{u.attempts}</td><td>{fmtTime(u.sentAt, locale)}</td>
              <td>{u.status === 'SENT' && canReupload && <button type="button" onClick={() => reupload(u)}>{t('reupload')}</button>}</td>
            </tr>))}</tbody>
        </table></div>
      </section>
      <Reconciliation api={api} platforms={[...new Set((uploads.data ?? []).map((u) => u.platformId))]} />
      <section className="panel wide">
        <h2>{t('attemptsLog')} <button type="button" className="link refresh-attempts" onClick={attempts.reload} aria-label="↻">↻</button></h2>
        <Status loading={attempts.loading && !attempts.data} error={attempts.error} />
        <div className="scroll"><table className="attempts">
          <thead><tr><th>{t('time')}</th><th>{t('platform')}</th><th>{t('operation')}</th><th>{t('count')}</th><th>{t('result')}</th><th>{t('message')}</th></tr></thead>
          <tbody>{(attempts.data ?? []).map((a, i) => (
            <tr key={a.attemptedAt + i} data-attempted-at={a.attemptedAt}><td>{fmtTime(a.attemptedAt, locale)}</td><td>{a.platformId}</td><td>{a.operation}</td>
              <td className="num">{a.itemCount}</td><td className={a.accepted ? 'good' : 'bad'}>{a.accepted ? t('ok') : t('fail')}</td>
              <td>{a.responseMessage ?? a.httpStatus ?? ''}</td></tr>))}</tbody>
        </table></div>
      </section>
    </div>
  );
}

interface Difference {
  dataCode: string;
  statType: number;
  statDate: string;
  kind: string;
  platformValue: number | null;
  localValue: number | null;
  localStatus: string | null;
}

interface Report {
  platformValues: number;
  localValues: number;
  matching: number;
  differences: Difference[];
}

/** Reconciliation (§9.8): what the platform holds for a range (at most 31 days) against the local upload history. */
function Reconciliation({ api, platforms }: { api: string; platforms: string[] }) {
  const { t, locale } = useI18n();
  const today = todayIn();
  const [platform, setPlatform] = useState('');
  const [from, setFrom] = useState(addDays(today, -1));
  const [to, setTo] = useState(today);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = platform || platforms[0] || '';
  const tooLong = (new Date(to).getTime() - new Date(from).getTime()) / 86_400_000 > 30;
  async function run(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await getJson<Report>(`${api}/platforms/${encodeURIComponent(chosen)}/reconciliation`
        + query({ from: from + 'T00:00:00', to: addDays(to, 1) + 'T00:00:00' })));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel wide">
      <h2>{t('reconciliation')}</h2>
      <form className="filters" onSubmit={run}>
        <label>{t('platform')} <select name="platform" value={chosen} onChange={(e) => setPlatform(e.target.value)}>
          {platforms.map((p) => <option key={p} value={p}>{p}</option>)}</select></label>
        <label>{t('from')} <input type="date" name="reconcileFrom" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>{t('to')} <input type="date" name="reconcileTo" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <button type="submit" disabled={busy || !chosen || tooLong || to < from}>{t('reconcile')}</button>
        {tooLong && <span className="field-error" role="alert">{t('reconcileTooLong')}</span>}
      </form>
      <ErrorText error={error} />
      {report && (
        <>
          <p data-reconciliation>{t('platformValues')} {report.platformValues} · {t('localValues')} {report.localValues} · {t('matching')} {report.matching} · {t('differences')} {report.differences.length}</p>
          {report.differences.length > 0 && (
            <div className="scroll"><table>
              <thead><tr><th>{t('dataCode')}</th><th>{t('statDate')}</th><th>{t('problem')}</th><th>{t('platform')}</th><th>{t('local')}</th><th>{t('state')}</th></tr></thead>
              <tbody>{report.differences.map((d) => (
                <tr key={d.dataCode + d.statType + d.statDate}><td>{d.dataCode}</td><td>{t('statType' + d.statType)} {fmtStatDate(d.statDate)}</td>
                  <td className="bad">{t(d.kind)}</td><td className="num">{fmtNumber(d.platformValue, locale, 4)}</td>
                  <td className="num">{fmtNumber(d.localValue, locale, 4)}</td><td>{d.localStatus ? t(d.localStatus) : '—'}</td></tr>))}</tbody>
            </table></div>
          )}
        </>
      )}
    </section>
  );
}
