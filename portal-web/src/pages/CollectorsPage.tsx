import { base, getJson } from '../api';
import { useI18n } from '../i18n';
import { fmtTime, useLoad } from '../util';
import { Status } from '../components/Status';

interface CollectorStatus {
  states: Record<string, number>;
  devices: { collectorId: string; deviceId: string; protocol: string; points: number; state: string; stateSince: string;
    consecutiveFailures: number; lastSuccess: string | null; lastFailure: string | null; lastError: string | null }[];
  unreachable: { collector: string; reason: string }[];
}

/** Collector status: each device's state, last contact and last error, as the collectors report them. */
export function CollectorsPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t, locale } = useI18n();
  const status = useLoad(() => getJson<CollectorStatus>(base(tenantId, enterpriseCode) + '/collector-status'), [tenantId, enterpriseCode]);
  return (
    <section className="panel wide">
      <h1>{t('collectors')}</h1>
      <Status loading={status.loading && !status.data} error={status.error} />
      {status.data?.unreachable.map((u) => <p key={u.collector} className="bad">{u.collector}: {t('unreachable')} ({u.reason})</p>)}
      <div className="scroll"><table>
        <thead><tr><th>{t('collector')}</th><th>{t('device')}</th><th>{t('state')}</th><th>{t('lastContact')}</th><th>{t('errors')}</th></tr></thead>
        <tbody>{(status.data?.devices ?? []).map((d) => (
          <tr key={d.collectorId + d.deviceId}><td>{d.collectorId}</td><td>{d.deviceId} · {d.protocol} · {d.points}</td>
            <td className={d.state === 'ONLINE' ? 'good' : 'bad'} data-state={d.state}>{t(d.state)}</td>
            <td>{fmtTime(d.lastSuccess, locale)}</td>
            <td>{d.consecutiveFailures > 0 ? `${d.consecutiveFailures} · ${d.lastError ?? ''}` : ''}</td></tr>))}</tbody>
      </table></div>
    </section>
  );
}
