import { useMemo, useState } from 'react';
import { ApiError, base, getJson, Point, request, Versioned } from '../api';
import { useI18n } from '../i18n';
import { addDays, Loaded, todayIn, useLoad } from '../util';
import { ErrorText, Status } from '../components/Status';
import { checkFormula } from '../formula';
import { useCan } from '../me';
import { EntityForm, FieldSpec, NewItemForm, StatTypesPicker, useCodeLists } from './MasterDataForms';
import { collectorFields, deviceFields, equipmentFields, meterFields, pointFields, processFields, processUnitFields } from './masterDataFields';

interface Profile {
  name: string;
  industryCode: string;
  region: string;
  legalRepresentative: string | null;
  address: string | null;
  zipCode: string | null;
  phone: string | null;
  email: string | null;
  energyOfficer: string | null;
  energyOfficerPhone: string | null;
  energyConsumptionLevel: number | null;
  licenceSha256: string | null;
  [k: string]: unknown;
}

interface Item {
  dataCode: string;
  name: string;
  statTypes: number[];
  formula: string;
  inputType: number;
  scope: number;
  unit: string;
}

const PROFILE_FIELDS: { key: keyof Profile; zh: string; en: string; pattern?: RegExp; hintZh?: string; hintEn?: string; required?: boolean }[] = [
  { key: 'name', zh: '单位名称', en: 'Name', required: true },
  { key: 'industryCode', zh: '行业代码（GB/T 4754-2017，4 位）', en: 'Industry code (GB/T 4754-2017, 4 digits)', pattern: /^\d{4}$/, hintZh: '应为 4 位数字，例如 3110', hintEn: '4 digits, e.g. 3110', required: true },
  { key: 'region', zh: '行政区划代码（6 位）', en: 'Region code (6 digits)', pattern: /^\d{6}$/, hintZh: '应为 6 位数字，例如 360111', hintEn: '6 digits, e.g. 360111', required: true },
  { key: 'legalRepresentative', zh: '法定代表人', en: 'Legal representative' },
  { key: 'address', zh: '地址', en: 'Address' },
  { key: 'zipCode', zh: '邮政编码', en: 'Postcode', pattern: /^\d{6}$/, hintZh: '应为 6 位数字', hintEn: '6 digits' },
  { key: 'phone', zh: '联系电话', en: 'Phone', pattern: /^[\d\-+ ()]{6,20}$/, hintZh: '只能包含数字、空格和 -+()', hintEn: 'digits, spaces and -+() only' },
  { key: 'email', zh: '电子邮箱', en: 'Email', pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, hintZh: '例如 energy@example.com', hintEn: 'e.g. energy@example.com' },
  { key: 'energyOfficer', zh: '能源管理负责人', en: 'Energy officer' },
  { key: 'energyOfficerPhone', zh: '能源管理负责人电话', en: 'Energy officer\'s phone', pattern: /^[\d\-+ ()]{6,20}$/, hintZh: '只能包含数字、空格和 -+()', hintEn: 'digits, spaces and -+() only' },
];

type Row = Versioned<Record<string, unknown>>;
const KINDS = ['processes', 'process-units', 'equipment', 'meters', 'collectors', 'devices', 'points', 'items'] as const;
type Rows = Record<(typeof KINDS)[number], Row[]>;

/**
 * Master data (§9.2–§9.4): the enterprise's basic information with its business licence, its processes and units,
 * equipment, meters (verification due dates highlighted), devices and points with their protocol settings, and data
 * items with a code builder and a formula editor checked as one types. Each entity is created or edited in place;
 * the page reads every kind once and again after each change, so that every form offers what exists now.
 */
export function MasterDataPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const api = base(tenantId, enterpriseCode);
  const { lang } = useI18n();
  const lists = useCodeLists();
  const enterprise = useLoad(() => getJson<Versioned<Profile>>(api), [api]);
  const all = useLoad(async () => {
    const rows = await Promise.all(KINDS.map((k) => getJson<Row[]>(`${api}/${k}`)));
    return Object.fromEntries(KINDS.map((k, i) => [k, rows[i]])) as Rows;
  }, [api]);
  const rows = all.data;
  const option = (r: Row, key: string) => ({ value: String(r.data[key]), label: `${r.data[key]} ${r.data.name ?? ''}`.trim() });
  const processes = (rows?.processes ?? []).map((r) => option(r, 'code'));
  const units = (rows?.['process-units'] ?? []).map((r) => r.data as { processCode: string; code: string; name: string });
  const meters = (rows?.meters ?? []).map((r) => option(r, 'code'));
  const name = (c: { code: string; nameZh: string; nameEn: string }) => ({ value: c.code, label: `${c.code} ${lang === 'zh' ? c.nameZh : c.nameEn}` });
  if (!rows) return <div className="grid"><section className="panel"><Status loading={all.loading} error={all.error} /></section></div>;
  const panel = (kind: keyof Rows, columns: string[], fields: FieldSpec[], title?: string) =>
    <Entities api={api} kind={kind} title={title} rows={rows[kind]} columns={columns} fields={fields} changed={all.reload} />;
  return (
    <div className="grid">
      <EnterpriseForm api={api} enterprise={enterprise} />
      <Meters api={api} rows={rows.meters} changed={all.reload} fields={meterFields(
        (lists.data?.energyTypes ?? []).concat(lists.data?.workingMedia ?? []).map(name), meters,
        rows.equipment.map((r) => option(r, 'code')))} />
      <Items api={api} layout={enterprise.data?.data.layoutProfile as string | undefined} rows={rows} changed={all.reload} />
      {panel('processes', ['code', 'name'], processFields)}
      {panel('process-units', ['processCode', 'code', 'name'], processUnitFields(processes))}
      {panel('equipment', ['code', 'name', 'processCode', 'processUnitCode', 'keyEquipment', 'ratedPowerKw'], equipmentFields(processes, units))}
      {panel('collectors', ['id', 'name'], collectorFields, 'collectorInstances')}
      {panel('devices', ['id', 'protocol', 'host', 'port', 'unitId', 'endpoint', 'serialPort'],
        deviceFields(lang, rows.collectors.map((r) => option(r, 'id'))))}
      {panel('points', ['id', 'name', 'deviceId', 'address', 'kind', 'unit', 'scale', 'source'], pointFields(
        rows.devices.map((r) => ({ id: String(r.data.id), protocol: String(r.data.protocol) })), meters,
        (lists.data?.dataSources ?? []).map(name)))}
    </div>
  );
}

function EnterpriseForm({ api, enterprise }: { api: string; enterprise: Loaded<Versioned<Profile>> }) {
  const { t, lang, pick } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const [edits, setEdits] = useState<Partial<Profile>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [licence, setLicence] = useState<string | null>(null);
  if (!enterprise.data) return <section className="panel"><Status loading={enterprise.loading} error={enterprise.error} /></section>;
  const data = { ...enterprise.data.data, ...edits };
  const problem = (f: (typeof PROFILE_FIELDS)[number]) => {
    const v = (data[f.key] as string | null) ?? '';
    if (f.required && !String(v).trim()) return lang === 'zh' ? '不能为空' : 'required';
    if (v && f.pattern && !f.pattern.test(String(v))) return lang === 'zh' ? f.hintZh : f.hintEn;
    const server = error instanceof ApiError ? error.forField(String(f.key)) : [];
    return server.length ? server.map((x) => pick(x.messageZh, x.messageEn)).join('；') : null;
  };
  const invalid = PROFILE_FIELDS.some((f) => (f.key in edits || f.required) && problem(f) && !(error instanceof ApiError));
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const body = JSON.stringify({ version: enterprise.data!.version, data });
      await request(api, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
      setEdits({});
      setSaved(true);
      enterprise.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function upload(file: File) {
    setError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const info = await (await request(api + '/licence', { method: 'PUT', body: form })).json();
      setLicence(info.sha256 ?? file.name);
      enterprise.reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section className="panel">
      <h1>{t('masterData')}</h1>
      <form className="form" onSubmit={save} noValidate>
        {PROFILE_FIELDS.map((f) => {
          const p = (f.key in edits || error) ? problem(f) : null;
          return (
            <label key={String(f.key)}>{lang === 'zh' ? f.zh : f.en}
              <input name={String(f.key)} value={(data[f.key] as string | number | null) ?? ''} aria-invalid={!!p}
                onChange={(e) => setEdits((x) => ({ ...x, [f.key]: e.target.value === '' ? null : e.target.value }))} />
              {p && <span className="field-error" role="alert" data-field={String(f.key)}>{p}</span>}
            </label>
          );
        })}
        {canEdit ? <button type="submit" className="primary" disabled={invalid || Object.keys(edits).length === 0}>{t('save')}</button>
          : <p className="muted">{t('editNeedsManager')}</p>}
        {saved && <p className="good" role="status">{t('saved')}</p>}
        {error !== null && !(error instanceof ApiError && error.violations.length > 0) && <ErrorText error={error} />}
      </form>
      <h2>{t('licence')}</h2>
      <p className="muted">{data.licenceSha256 ? `SHA-256 ${data.licenceSha256}` : t('noLicence')}</p>
      {data.licenceSha256 && <a href={api + '/licence'}>{t('licence')}</a>}
      {canEdit && <label className="file">{t('chooseFile')}
        <input type="file" name="licence" accept=".pdf,.png,.jpg,.jpeg" onChange={(e) => { const f = e.target.files?.[0]; if (f) upload(f); }} />
      </label>}
      {licence && <p className="good" role="status">{t('saved')}</p>}
    </section>
  );
}

/** A meter's verification is due this many days ahead: highlighted. */
const DUE_SOON_DAYS = 30;

function Meters({ api, rows, fields, changed }: { api: string; rows: Row[]; fields: FieldSpec[]; changed: () => void }) {
  const { t } = useI18n();
  const today = todayIn();
  return (
    <Entities api={api} kind="meters" rows={rows} fields={fields} changed={changed} wide={false} table={(edit) => (
      <table className="meters">
        <thead><tr><th>{t('code')}</th><th>{t('name')}</th><th>{t('accuracyClass')}</th><th>{t('verificationDue')}</th><th>{t('parentMeter')}</th><th /></tr></thead>
        <tbody>{rows.map((r) => {
          const m = r.data as { code: string; name: string; accuracyClass: string | null; verifiedOn: string | null; verificationIntervalMonths: number | null; parentMeterCode: string | null };
          let due: string | null = null;
          if (m.verifiedOn && m.verificationIntervalMonths) {
            const d = new Date(m.verifiedOn + 'T00:00:00');
            d.setMonth(d.getMonth() + m.verificationIntervalMonths);
            due = d.toISOString().slice(0, 10);
          }
          const cls = !due ? '' : due < today ? 'overdue' : due <= addDays(today, DUE_SOON_DAYS) ? 'due-soon' : '';
          return (
            <tr key={m.code} className={cls} data-meter={m.code} data-due={due ?? ''}>
              <td>{m.code}</td><td>{m.name}</td><td>{m.accuracyClass ?? '—'}</td>
              <td>{due ?? t('notVerified')}{cls === 'overdue' ? ` · ${t('overdue')}` : cls === 'due-soon' ? ` · ${t('dueSoon')}` : ''}</td>
              <td>{m.parentMeterCode ?? '—'}</td><td>{edit(r)}</td>
            </tr>);
        })}</tbody>
      </table>)} />
  );
}

function Items({ api, layout, rows, changed }: { api: string; layout?: string; rows: Rows; changed: () => void }) {
  const { t } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const items = rows.items as unknown as Versioned<Item>[];
  const points = rows.points as unknown as Versioned<Point>[];
  const pointIds = useMemo(() => new Set(points.map((p) => p.data.id)), [points]);
  const itemCodes = useMemo(() => new Set(items.map((i) => i.data.dataCode)), [items]);
  return (
    <section className="panel wide">
      <h2>{t('items')}</h2>
      <div className="scroll"><table className="items">
        <thead><tr><th>{t('dataCode')}</th><th>{t('name')}</th><th>{t('formula')}</th><th>{t('unit')}</th><th>{t('statType')}</th><th /></tr></thead>
        <tbody>{items.map((v) => (
          <tr key={v.key} data-item={v.key}>
            <td><code>{v.data.dataCode}</code></td><td>{v.data.name}</td>
            <td className={editing === v.key ? 'editor' : undefined}>{editing === v.key
              ? <ItemEditor api={api} item={v} points={pointIds} items={itemCodes} done={() => { setEditing(null); changed(); }} />
              : <code>{v.data.formula}</code>}</td>
            <td>{v.data.unit}</td><td>{v.data.statTypes.map((s) => t('statType' + s)).join(' ')}</td>
            <td>{editing !== v.key && canEdit && <button type="button" data-edit={v.key} onClick={() => setEditing(v.key)}>{t('edit')}</button>}</td>
          </tr>))}</tbody>
      </table></div>
      {canEdit && (adding
        ? <NewItemForm api={api} layout={layout ?? 'NHJC16'}
            processes={rows.processes.map((p) => p.data as { code: string; name: string })}
            units={rows['process-units'].map((u) => u.data as { processCode: string; code: string; name: string })}
            points={points} items={itemCodes} done={() => { setAdding(false); changed(); }} />
        : <button type="button" className="add" data-add="items" onClick={() => setAdding(true)}>{t('newItem')}</button>)}
    </section>
  );
}

/**
 * An item edited in place: its name, unit, stat types and formula (checked as it is typed); its data code is its key.
 * Retiring it takes it out of the configuration (its values and upload history are kept).
 */
function ItemEditor({ api, item, points, items, done }: { api: string; item: Versioned<Item>; points: Set<string>; items: Set<string>; done: () => void }) {
  const { t, pick, lang } = useI18n();
  const [edit, setEdit] = useState({ name: item.data.name, unit: item.data.unit, formula: item.data.formula, statTypes: item.data.statTypes });
  const [error, setError] = useState<unknown>(null);
  const others = new Set([...items].filter((c) => c !== item.data.dataCode));
  const problem = checkFormula(edit.formula, points, others);
  const empty = (v: string) => (v.trim() ? null : lang === 'zh' ? '不能为空' : 'required');
  const local: Record<string, string | null> = { name: empty(edit.name), unit: empty(edit.unit),
    statTypes: edit.statTypes.length ? null : lang === 'zh' ? '至少选择一种统计类型' : 'pick at least one stat type' };
  const server = (field: string) => (error instanceof ApiError ? error.forField(field) : []);
  const atAField = ['name', 'unit', 'formula', 'statTypes'].some((f) => server(f).length > 0);
  const set = (patch: Partial<typeof edit>) => { setEdit((x) => ({ ...x, ...patch })); setError(null); };
  async function call(path: string, body: unknown, method: string) {
    setError(null);
    try {
      await request(`${api}/items/${encodeURIComponent(item.key)}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      done();
    } catch (err) {
      setError(err);
    }
  }
  const save = () => call('', { version: item.version, data: { ...item.data, ...edit, name: edit.name.trim(), unit: edit.unit.trim() } }, 'PUT');
  const retire = () => window.confirm(t('retireConfirm')) && call('/retire', { version: item.version }, 'POST');
  const messages = (field: string) => [local[field] ?? null, ...server(field).map((v) => pick(v.messageZh, v.messageEn))]
    .filter(Boolean).map((m, i) => <span key={i} className="field-error" role="alert" data-field={field}>{m}</span>);
  return (
    <div className="formula-editor" data-editing={item.key}>
      <label>{t('name')}<input name="itemName" value={edit.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!local.name} /></label>
      {messages('name')}
      <label>{t('unit')}<input name="itemUnit" value={edit.unit} onChange={(e) => set({ unit: e.target.value })} aria-invalid={!!local.unit} /></label>
      {messages('unit')}
      <StatTypesPicker value={edit.statTypes} onChange={(statTypes) => set({ statTypes })} />
      {messages('statTypes')}
      <label>{t('formula')}<input name="formula" value={edit.formula} onChange={(e) => set({ formula: e.target.value })}
        aria-invalid={!!problem} spellCheck={false} /></label>
      {problem && <span className="field-error" role="alert" data-field="formula">{pick(problem.zh, problem.en)} (@{problem.at + 1})</span>}
      {server('formula').map((v, i) => <span key={i} className="field-error" role="alert">{pick(v.messageZh, v.messageEn)}</span>)}
      {error !== null && !atAField && <ErrorText error={error} />}
      <div className="actions">
        <button type="button" className="primary" disabled={!!problem || Object.values(local).some(Boolean)} onClick={save}>{t('save')}</button>
        <button type="button" onClick={done}>{t('cancel')}</button>
        <button type="button" className="danger" data-retire onClick={retire}>{t('retire')}</button>
      </div>
    </div>
  );
}

/**
 * A kind's rows with, for an enterprise manager, an add button and an edit button per row, each opening the kind's
 * form (the edit form in place of the add button, the row marked).
 */
function Entities({ api, kind, title, rows, columns, fields, changed, table, wide = true }: {
  api: string; kind: string; title?: string; rows: Row[]; columns?: string[]; fields: FieldSpec[]; changed: () => void;
  table?: (edit: (r: Row) => React.ReactNode) => React.ReactNode; wide?: boolean;
}) {
  const { t } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const current = rows.find((r) => r.key === editing);
  const edit = (r: Row) => canEdit && <button type="button" data-edit={r.key} onClick={() => { setAdding(false); setEditing(r.key); }}>{t('edit')}</button>;
  const done = () => { setAdding(false); setEditing(null); changed(); };
  return (
    <section className={wide && columns && columns.length > 5 ? 'panel wide' : 'panel'} data-panel={kind}>
      <h2>{t(title ?? kind)}</h2>
      {rows.length === 0 && <p className="muted">{t('none')}</p>}
      {rows.length > 0 && <div className="scroll">{table ? table(edit) : (
        <table>
          <thead><tr>{columns!.map((c) => <th key={c}>{t(c)}</th>)}<th /></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.key} data-row={r.key} className={r.key === editing ? 'editing' : undefined}>
              {columns!.map((c) => { const text = format(r.data[c]); return <td key={c} className={text.length > 40 ? 'clip' : undefined} title={text.length > 40 ? text : undefined}>{text}</td>; })}
              <td>{edit(r)}</td></tr>))}</tbody>
        </table>)}</div>}
      {canEdit && (current
        ? <EntityForm key={current.key + current.version} api={api} kind={kind} fields={fields} existing={current} done={done} />
        : adding
          ? <EntityForm api={api} kind={kind} fields={fields} done={done} />
          : <button type="button" className="add" data-add={kind} onClick={() => setAdding(true)}>{t('add')}</button>)}
    </section>
  );
}

/** A cell: a point's address by its protocol's fields, flags as ✓, nothing as —. */
function format(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '✓' : '';
  if (typeof v === 'object') {
    const set = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined);
    return set.length ? set.map(([k, x]) => `${k}=${x}`).join(' ') : '—';
  }
  return String(v);
}
