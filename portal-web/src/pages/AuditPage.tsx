import { useState } from 'react';
import { base, getJson, Me, query, Versioned } from '../api';
import { useI18n } from '../i18n';
import { addDays, fmtTime, todayIn, useLoad } from '../util';
import { Status } from '../components/Status';

/** An event of the tenant's audit trail (GET /api/v1/tenants/{t}/audit): who did what to what, when, from where. */
interface AuditEvent {
  eventId: string;
  at: string;
  enterpriseCode: string | null;
  actor: { subject: string; username: string; roles: string[] };
  action: string;
  target: { kind: string; key: string | null };
  detail: Record<string, unknown>;
  clientAddress: string | null;
}

const ACTIONS = ['MASTER_DATA_CREATED', 'MASTER_DATA_UPDATED', 'MASTER_DATA_RETIRED', 'WORKBOOK_IMPORTED', 'LICENCE_UPLOADED',
  'METER_EVENT_RECORDED', 'MANUAL_ENTRY', 'REUPLOAD_REQUESTED', 'ALARM_ACKNOWLEDGED', 'LOGIN', 'LOGOUT', 'LOGIN_FAILED'];

/** The kinds whose versions the master-data API keeps (GET …/{kind}/{key}/history): their changes can be shown. */
const VERSIONED_KINDS = new Set(['processes', 'process-units', 'equipment', 'meters', 'collectors', 'devices', 'points', 'items', 'targets']);

/** Midnight of a day in China Standard Time, as the instant the audit API takes. */
function instant(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/**
 * The tenant's audit trail for its tenant admin: who created, changed or retired master data, imported a workbook,
 * entered or corrected values, re-uploaded, acknowledged an alarm or logged in, when and from where; a master-data
 * change opens to the fields it changed, read from the entity's stored versions.
 */
export function AuditPage({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const tenantId = me.tenantId ?? me.enterprises[0]?.tenantId;
  const today = todayIn();
  const [filter, setFilter] = useState({ enterpriseCode: '', action: '', actor: '', from: addDays(today, -6), to: today });
  const [open, setOpen] = useState<string | null>(null);
  const events = useLoad(() => getJson<AuditEvent[]>(`/api/v1/tenants/${encodeURIComponent(tenantId ?? '')}/audit` + query({
    enterpriseCode: filter.enterpriseCode || undefined, action: filter.action || undefined, actor: filter.actor.trim() || undefined,
    from: filter.from ? instant(filter.from) : undefined, to: filter.to ? instant(addDays(filter.to, 1)) : undefined, limit: 500,
  })), [tenantId, filter.enterpriseCode, filter.action, filter.actor, filter.from, filter.to]);
  const enterprises = me.enterprises.filter((e) => e.tenantId === tenantId);
  const nameOf = (code: string | null) => (code ? enterprises.find((e) => e.enterpriseCode === code)?.name ?? code : '—');
  const set = (patch: Partial<typeof filter>) => setFilter((f) => ({ ...f, ...patch }));
  if (!tenantId) return <p className="muted">{t('none')}</p>;
  return (
    <section className="panel wide">
      <h1>{t('audit')}</h1>
      <div className="filters">
        <label>{t('enterprise')}
          <select name="auditEnterprise" value={filter.enterpriseCode} onChange={(e) => set({ enterpriseCode: e.target.value })}>
            <option value="">{t('all')}</option>
            {enterprises.map((e) => <option key={e.enterpriseCode} value={e.enterpriseCode}>{e.name}</option>)}
          </select></label>
        <label>{t('action')}
          <select name="auditAction" value={filter.action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t('all')}</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{t('action.' + a)}</option>)}
          </select></label>
        <label>{t('actor')}<input name="auditActor" value={filter.actor} onChange={(e) => set({ actor: e.target.value })} /></label>
        <label>{t('from')}<input type="date" name="auditFrom" value={filter.from} onChange={(e) => set({ from: e.target.value })} /></label>
        <label>{t('to')}<input type="date" name="auditTo" value={filter.to} onChange={(e) => set({ to: e.target.value })} /></label>
      </div>
      <Status loading={events.loading && !events.data} error={events.error} />
      {events.data && events.data.length === 0 && <p className="muted">{t('none')}</p>}
      {events.data && events.data.length > 0 && (
        <div className="scroll"><table className="audit">
          <thead><tr><th>{t('at')}</th><th>{t('actor')}</th><th>{t('action')}</th><th>{t('target')}</th><th>{t('enterprise')}</th><th>{t('clientAddress')}</th><th /></tr></thead>
          <tbody>{events.data.map((e) => {
            const changes = e.enterpriseCode && e.target.key && VERSIONED_KINDS.has(e.target.kind)
              && (e.action === 'MASTER_DATA_UPDATED' || e.action === 'MASTER_DATA_RETIRED');
            return [
              <tr key={e.eventId} data-audit-action={e.action} data-audit-target={e.target.key ?? ''}>
                <td>{fmtTime(e.at, locale)}</td>
                <td title={e.actor.roles.join(', ')}>{e.actor.username}</td>
                <td>{t('action.' + e.action)}</td>
                <td>{t(e.target.kind === 'collectors' ? 'collectorInstances' : e.target.kind)} {e.target.key ?? ''}</td>
                <td>{nameOf(e.enterpriseCode)}</td>
                <td>{e.clientAddress ?? '—'}</td>
                <td>{changes && <button type="button" data-changes={e.eventId} onClick={() => setOpen(open === e.eventId ? null : e.eventId)}>{t('changes')}</button>}</td>
              </tr>,
              open === e.eventId && (
                <tr key={e.eventId + '-changes'} className="changes"><td colSpan={7}>
                  <Changes api={base(tenantId, e.enterpriseCode!)} kind={e.target.kind} entityKey={e.target.key!}
                    before={Number(e.detail.versionBefore)} after={Number(e.detail.versionAfter)} />
                </td></tr>),
            ];
          })}</tbody>
        </table></div>
      )}
    </section>
  );
}

/** Every field path of a record with its value, nested records flattened with dots (address.register). */
export function flatten(data: unknown, prefix = ''): Record<string, string> {
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) return { [prefix]: Array.isArray(data) ? data.join(', ') : String(data) };
  return Object.entries(data as Record<string, unknown>).reduce<Record<string, string>>(
    (out, [k, v]) => ({ ...out, ...flatten(v, prefix ? `${prefix}.${k}` : k) }), {});
}

/** The fields whose value differs between two versions of a record, each with its value before and after. */
export function changedFields(before: unknown, after: unknown): { field: string; before?: string; after?: string }[] {
  const b = flatten(before);
  const a = flatten(after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => b[k] !== a[k]).sort()
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

/** What one change did: the fields that differ between the version before and the version after it. */
function Changes({ api, kind, entityKey, before, after }: { api: string; kind: string; entityKey: string; before: number; after: number }) {
  const { t } = useI18n();
  const history = useLoad(() => getJson<Versioned<Record<string, unknown>>[]>(`${api}/${kind}/${encodeURIComponent(entityKey)}/history`), [api, kind, entityKey]);
  if (!history.data) return <Status loading={history.loading} error={history.error} />;
  const from = history.data.find((v) => v.version === before);
  const to = history.data.find((v) => v.version === after);
  if (!from || !to) return <p className="muted">{t('none')}</p>;
  const diff = changedFields(from.data, to.data);
  return (
    <div className="diff" data-diff={entityKey}>
      {to.retiredAt && <p>{t('retired')}</p>}
      {diff.length === 0 && !to.retiredAt && <p className="muted">{t('noChange')}</p>}
      {diff.length > 0 && <table>
        <thead><tr><th>{t('field')}</th><th>{t('before')}</th><th>{t('after')}</th></tr></thead>
        <tbody>{diff.map((d) => (
          <tr key={d.field} data-field={d.field}><td>{t(d.field)}</td><td className="before">{d.before ?? '—'}</td><td className="after">{d.after ?? '—'}</td></tr>))}</tbody>
      </table>}
    </div>
  );
}
