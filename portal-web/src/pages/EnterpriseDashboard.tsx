import { base, EnergySeries, getJson, LatestReading, PeriodAccount, query, QualityDay, Versioned } from '../api';
import { useCodeLists } from './MasterDataForms';
import { useI18n } from '../i18n';
import { addDays, firstOfMonth, fmtNumber, fmtTime, todayIn, useLoad } from '../util';
import { Status } from '../components/Status';
import { Chart } from '../components/Chart';

const METHOD = 'CALORIFIC_EQUIVALENT';

/**
 * The enterprise view (§9.5): today and this month in tce, the last 30 days' trend, product output with unit product
 * energy consumption of the last three months, data quality and the latest readings.
 */
export function EnterpriseDashboard({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const { t, locale } = useI18n();
  const api = base(tenantId, enterpriseCode);
  const today = todayIn();
  const days = useLoad(() => getJson<PeriodAccount[]>(api + '/energy' + query({ statType: 1, from: addDays(today, -29), to: today })), [api, today]);
  const months = useLoad(() => getJson<PeriodAccount[]>(api + '/energy' + query({ statType: 2, from: firstOfMonth(today, 2), to: firstOfMonth(today) })), [api, today]);
  const quality = useLoad(() => getJson<QualityDay[]>(api + '/quality' + query({ from: today, to: addDays(today, 1) })), [api, today]);
  const latest = useLoad(() => getJson<LatestReading[]>(api + '/readings/latest'), [api]);

  const comprehensive = (a?: PeriodAccount) => a?.methods?.[METHOD]?.comprehensive ?? null;
  const todayAccount = days.data?.find((a) => a.statDate.startsWith(today));
  const monthAccount = months.data?.find((a) => a.statDate.startsWith(firstOfMonth(today)));
  const q = quality.data?.[0];
  const products = (months.data ?? []).flatMap((a) => a.products.map((p) => ({ ...p, month: a.statDate.slice(0, 7), share: a.productShare, met: a.productShareMet })));

  return (
    <div className="grid">
      <section className="panel">
        <h1>{t('dashboard')}</h1>
        <Status loading={days.loading && !days.data} error={days.error ?? months.error} />
        <div className="kpis">
          <div className="kpi"><span>{t('today')} · {t('comprehensive')}</span>
            <Energy kgce={comprehensive(todayAccount)} kpi="today" /></div>
          <div className="kpi"><span>{t('thisMonth')} · {t('comprehensive')}</span>
            <Energy kgce={comprehensive(monthAccount)} kpi="month" /></div>
          <div className="kpi"><span>{t('quality')} · {t('today')}</span>
            <strong data-kpi="quality">{q ? fmtNumber(q.composite * 100, locale, 1) + ' %' : '—'}</strong></div>
        </div>
      </section>
      <section className="panel">
        <h2>{t('trend')}</h2>
        <Chart label={t('trend')} option={{
          tooltip: { trigger: 'axis' },
          grid: { left: 56, right: 12, top: 16, bottom: 32 },
          xAxis: { type: 'category', data: (days.data ?? []).map((a) => a.statDate.slice(5, 10)) },
          yAxis: { type: 'value' },
          series: [{ type: 'bar', name: t('comprehensive'),
            data: (days.data ?? []).map((a) => comprehensive(a)) }],
        }} />
      </section>
      <section className="panel" id="products" data-loaded={months.data !== undefined && !months.loading}>
        <h2>{t('products')}</h2>
        {products.length === 0 ? <p className="muted">{t('none')}</p> : (
          <div className="scroll"><table>
            <thead><tr><th>{t('period')}</th><th>{t('dataCode')}</th><th>{t('output')}</th><th>{t('unitConsumption')}</th><th>{t('productShare')}</th></tr></thead>
            <tbody>{products.map((p) => (
              <tr key={p.month + p.dataCode} data-product={p.dataCode} data-month={p.month}>
                <td>{p.month}</td><td>{p.dataCode}</td>
                <td className="num" data-output>{fmtNumber(p.output, locale, 3)} {p.unit}</td>
                <td className="num">{fmtNumber(p.kgcePerUnit, locale, 3)}</td>
                <td className={p.met === false ? 'bad' : ''}>{p.share === null ? '—' : fmtNumber(p.share * 100, locale, 1) + ' %'}{p.met === false ? ' · ' + t('productShareLow') : ''}</td>
              </tr>))}</tbody>
          </table></div>
        )}
      </section>
      <EnergyBreakdown api={api} from={firstOfMonth(today)} to={addDays(today, 1)} account={monthAccount} />
      <section className="panel">
        <h2>{t('latestReadings')}</h2>
        <Status loading={latest.loading && !latest.data} error={latest.error} />
        <div className="scroll"><table>
          <thead><tr><th>{t('point')}</th><th>{t('time')}</th><th>{t('value')}</th><th>{t('state')}</th></tr></thead>
          <tbody>{(latest.data ?? []).map((r) => (
            <tr key={r.pointId}><td>{r.pointId}</td><td>{fmtTime(r.ts, locale)}</td>
              <td className="num">{fmtNumber(r.value, locale, 3)}</td><td className={r.quality === 'GOOD' ? 'good' : 'bad'}>{r.quality}</td></tr>))}</tbody>
        </table></div>
      </section>
    </div>
  );
}

/** An amount of energy: in tce from 1 tce on, in kgce below (a small plant's day is a few kgce). */
export function Energy({ kgce, kpi }: { kgce: number | null; kpi?: string }) {
  const { locale } = useI18n();
  const large = kgce !== null && Math.abs(kgce) >= 1000;
  return (
    <><strong data-kpi={kpi} data-kgce={kgce ?? ''}>{fmtNumber(large ? kgce! / 1000 : kgce, locale, 3)}</strong> {large ? 'tce' : 'kgce'}</>
  );
}

/**
 * This month by energy type (physical units and kgce, from the aggregator's energy-type series) and by process
 * (kgce), both from rollups.
 */
function EnergyBreakdown({ api, from, to, account }: { api: string; from: string; to: string; account?: PeriodAccount }) {
  const { t, lang, locale } = useI18n();
  const lists = useCodeLists();
  // the energy types (Table A.1) and working media (A.2) of the items counted this month: the subject code segment
  const codes = [...new Set((account?.items ?? []).filter((i) => i.method === METHOD).map((i) => i.dataCode.slice(-6, -2)))].sort();
  const month = (s?: EnergySeries) => s?.periods.reduce((sum, p) => sum + (p.value ?? 0), 0) ?? null;
  const types = useLoad(() => Promise.all(codes.map(async (code) => {
    const q = query({ period: 'month', from, to });
    const [physical, kgce] = await Promise.all([
      getJson<EnergySeries>(`${api}/energy-types/${code}/series${q}&unit=physical`),
      getJson<EnergySeries>(`${api}/energy-types/${code}/series${q}&unit=tce`)]);
    return { code, physical, kgce };
  })), [api, from, to, codes.join(',')]);
  const processes = useLoad(async () => {
    const list = await getJson<Versioned<{ code: string; name: string }>[]>(`${api}/processes`);
    return Promise.all(list.map(async (p) => ({
      process: p.data,
      kgce: await getJson<EnergySeries>(`${api}/processes/${p.data.code}/series${query({ period: 'month', from, to, unit: 'tce' })}`)
        .catch(() => undefined),
    })));
  }, [api, from, to]);
  const nameOf = (code: string) => {
    const c = [...(lists.data?.energyTypes ?? []), ...(lists.data?.workingMedia ?? [])].find((x) => x.code === code);
    return c ? (lang === 'zh' ? c.nameZh : c.nameEn) : code;
  };
  return (
    <section className="panel" id="breakdown">
      <h2>{t('byEnergyType')} · {t('thisMonth')}</h2>
      {codes.length === 0 ? <p className="muted">{t('none')}</p> : (
        <div className="scroll"><table>
          <thead><tr><th>{t('energyCode')}</th><th>{t('value')}</th><th>kgce</th></tr></thead>
          <tbody>{(types.data ?? []).map((r) => (
            <tr key={r.code} data-energy={r.code}><td>{r.code} {nameOf(r.code)}</td>
              <td className="num">{fmtNumber(month(r.physical), locale, 3)} {r.physical.unit}</td>
              <td className="num">{fmtNumber(month(r.kgce), locale, 3)}</td></tr>))}</tbody>
        </table></div>
      )}
      <h2>{t('byProcess')} · {t('thisMonth')}</h2>
      {(processes.data ?? []).length === 0 ? <p className="muted">{t('none')}</p> : (
        <div className="scroll"><table>
          <thead><tr><th>{t('processes')}</th><th>kgce</th></tr></thead>
          <tbody>{(processes.data ?? []).map((r) => (
            <tr key={r.process.code}><td>{r.process.code} {r.process.name}</td>
              <td className="num">{fmtNumber(month(r.kgce), locale, 3)}</td></tr>))}</tbody>
        </table></div>
      )}
    </section>
  );
}
