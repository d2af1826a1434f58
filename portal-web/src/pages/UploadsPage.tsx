import { useState } from 'react';
import { base, getJson, postJson, query, UploadAttempt, UploadItem } from '../api';
import { useI18n } from '../i18n';
import { fmtNumber, fmtStatDate, fmtTime, useLoad } from '../util';
import { ErrorText, Status } from '../components/Status';

/** Upload history (§9.8.2) per item and period with its attempts, and re-upload (§9.8.3). */
export function UploadsPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t, locale } = useI18n();
  const api = base(tenantId, enterpriseCode);
  const uploads = useLoad(() => getJson<UploadItem[]>(api + '/uploads' + query({ limit: 100 })), [api]);
  const attempts = useLoad(() => getJson<UploadAttempt[]>(api + '/upload-attempts' + query({ limit: 30 })), [api]);
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
        platformId: u.platformId, dataCodes: [u.dataCode], statType: u.statType, from: u.statDate, to: u.statDate,
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
              <td>{u.status === 'SENT' && <button type="button" onClick={() => reupload(u)}>{t('reupload')}</button>}</td>
            </tr>))}</tbody>
        </table></div>
      </section>
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
