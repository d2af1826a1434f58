import { getJson, Me } from '../api';
import { useI18n } from '../i18n';
import { href } from '../router';
import { fmtNumber, useLoad } from '../util';
import { Status } from '../components/Status';
import { Chart } from '../components/Chart';
import { Energy } from './EnterpriseDashboard';

/** One enterprise in the aggregator's tenant summary (GET /api/v1/tenants/{t}/summary). */
export interface EnterpriseSummary {
  enterpriseCode: string;
  name?: string | null;
  date: string;
  /** comprehensive energy consumption of the day, calorific equivalent */
  dayKgce: number | null;
  monthToDateKgce: number | null;
  qualityComposite: number | null;
  activeAlarms: number;
}

export interface TenantSummary {
  tenantId: string;
  method: string;
  enterprises: EnterpriseSummary[];
}

/**
 * The group view (§9.5 for a group energy centre): every enterprise the user may see with today's and this month's
 * comprehensive energy in tce, its data-quality score and its active alarms, one request per tenant.
 */
export function GroupDashboard({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const tenants = [...new Set(me.enterprises.map((e) => e.tenantId))];
  const summaries = useLoad(() => Promise.all(tenants.map((tenant) =>
    getJson<TenantSummary>(`/api/v1/tenants/${encodeURIComponent(tenant)}/summary`))), [tenants.join(',')]);
  const rows = (summaries.data ?? []).flatMap((s) => s.enterprises.map((e) => ({
    ...e, tenantId: s.tenantId,
    name: e.name ?? me.enterprises.find((x) => x.tenantId === s.tenantId && x.enterpriseCode === e.enterpriseCode)?.name ?? e.enterpriseCode,
  })));
  return (
    <section className="panel wide">
      <h1>{t('group')}</h1>
      <Status loading={summaries.loading && !summaries.data} error={summaries.error} />
      <div className="cards">
        {rows.map((e) => (
          <a key={e.tenantId + e.enterpriseCode} className="card enterprise-card" data-enterprise={e.enterpriseCode}
            href={href({ view: 'dashboard', tenantId: e.tenantId, enterpriseCode: e.enterpriseCode })}>
            <h2>{e.name}</h2>
            <dl>
              <dt>{t('today')}</dt><dd><Energy kgce={e.dayKgce} /></dd>
              <dt>{t('thisMonth')}</dt><dd><Energy kgce={e.monthToDateKgce} /></dd>
              <dt>{t('quality')}</dt><dd>{e.qualityComposite === null ? '—' : fmtNumber(e.qualityComposite * 100, locale, 1) + ' %'}</dd>
              <dt>{t('activeAlarms')}</dt><dd className={e.activeAlarms > 0 ? 'bad' : 'good'}>{e.activeAlarms}</dd>
            </dl>
          </a>
        ))}
      </div>
      {rows.length > 1 && (
        <Chart label={t('thisMonth')} height={240} option={{
          tooltip: { trigger: 'axis' },
          grid: { left: 60, right: 16, top: 24, bottom: 60 },
          xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: 20 } },
          yAxis: { type: 'value', name: 'kgce' },
          series: [{ type: 'bar', name: t('thisMonth'), data: rows.map((r) => r.monthToDateKgce) }],
        }} />
      )}
    </section>
  );
}
