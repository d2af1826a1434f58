import { useState } from 'react';
import { Alarm, base, getJson, postJson, query } from '../api';
import { useI18n } from '../i18n';
import { fmtTime, useLoad } from '../util';
import { ErrorText, Status } from '../components/Status';
import { useCan } from '../me';

/** Alarms (§9.7), newest first, with acknowledgement and a comment. */
export function AlarmsPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t, locale } = useI18n();
  const api = base(tenantId, enterpriseCode);
  const [onlyActive, setOnlyActive] = useState(true);
  const canAcknowledge = useCan('enterprise-operator');
  const alarms = useLoad(() => getJson<Alarm[]>(api + '/alarms' + query({ active: onlyActive, limit: 200 })), [api, onlyActive]);
  return (
    <section className="panel wide">
      <h1>{t('alarms')}</h1>
      <label className="inline"><input type="checkbox" checked={onlyActive} onChange={(e) => setOnlyActive(e.target.checked)} /> {t('onlyActive')}</label>
      <Status loading={alarms.loading && !alarms.data} error={alarms.error} />
      {alarms.data && alarms.data.length === 0 && <p className="muted">{t('none')}</p>}
      <ul className="alarms">
        {(alarms.data ?? []).map((a) => (
          <li key={a.alarmId} className={a.clearedAt ? 'alarm cleared' : 'alarm active'} data-alarm={a.alarmId} data-type={a.type}>
            <div className="alarm-head"><strong>{a.type}</strong> <span className="muted">{a.subject}</span>
              <span className={a.clearedAt ? 'good' : 'bad'}>{a.clearedAt ? t('cleared') : t('active')}</span></div>
            <p>{a.message}</p>
            <p className="muted">{t('raisedAt')} {fmtTime(a.raisedAt, locale)}{a.clearedAt ? ` · ${t('clearedAt')} ${fmtTime(a.clearedAt, locale)}` : ''}</p>
            {a.acknowledgedAt
              ? <p className="ack">{t('acknowledged')}: {a.acknowledgedBy} · {fmtTime(a.acknowledgedAt, locale)} · {a.comment}</p>
              : canAcknowledge && <Acknowledge api={api} alarm={a} done={alarms.reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Acknowledge({ api, alarm, done }: { api: string; alarm: Alarm; done: () => void }) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tooLong = comment.trim().length > 500;
  return (
    <form className="ack-form" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        await postJson(`${api}/alarms/${encodeURIComponent(alarm.alarmId)}/acknowledgement`, { comment: comment.trim() });
        done();
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    }}>
      <input name="comment" placeholder={t('ackComment')} aria-label={t('ackComment')} value={comment}
        onChange={(e) => setComment(e.target.value)} />
      <button type="submit" disabled={busy || comment.trim() === '' || tooLong}>{t('acknowledge')}</button>
      {tooLong && <span className="field-error">{t('tooManyChars')}</span>}
      <ErrorText error={error} />
    </form>
  );
}
