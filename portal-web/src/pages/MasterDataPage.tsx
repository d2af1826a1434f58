import { useMemo, useState } from 'react';
import { ApiError, base, getJson, Meter, Point, request, Versioned } from '../api';
import { useI18n } from '../i18n';
import { addDays, todayIn, useLoad } from '../util';
import { ErrorText, Status } from '../components/Status';
import { checkFormula } from '../formula';
import { useCan } from '../me';
import { FieldSpec, NewEntityForm, NewItemForm, useCodeLists } from './MasterDataForms';

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

/**
 * Master data (§9.2–§9.4): the enterprise's basic information with its business licence, its processes, equipment,
 * meters (verification due dates highlighted), points and data items with a formula editor checked as one types.
 */
export function MasterDataPage({ tenantId, enterpriseCode }: { tenantId: string; enterpriseCode: string }) {
  const api = base(tenantId, enterpriseCode);
  return (
    <div className="grid">
      <EnterpriseForm api={api} />
      <Meters api={api} />
      <Items api={api} />
      <Simple api={api} kind="processes" columns={['code', 'name']} fields={[
        { key: 'code', required: true, pattern: /^\d{2}$/, hintZh: '应为 2 位数字，例如 01', hintEn: '2 digits, e.g. 01' },
        { key: 'name', required: true }]} />
      <ProcessUnits api={api} />
      <Simple api={api} kind="equipment" columns={['code', 'name', 'processCode', 'keyEquipment', 'ratedPowerKw']} fields={[
        { key: 'code', required: true }, { key: 'name', required: true }, { key: 'processCode', pattern: /^\d{2}$/, hintZh: '应为 2 位数字', hintEn: '2 digits' },
        { key: 'processUnitCode', pattern: /^\d{2}$/, hintZh: '应为 2 位数字', hintEn: '2 digits' }, { key: 'keyEquipment', type: 'checkbox' },
        { key: 'ratedPowerKw', type: 'number' }]} />
      <Simple api={api} kind="points" columns={['id', 'name', 'kind', 'unit', 'deviceId', 'source']} />
    </div>
  );
}

function EnterpriseForm({ api }: { api: string }) {
  const { t, lang, pick } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const enterprise = useLoad(() => getJson<Versioned<Profile>>(api), [api]);
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

function Meters({ api }: { api: string }) {
  const { t, lang } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const [adding, setAdding] = useState(false);
  const lists = useCodeLists();
  const meters = useLoad(() => getJson<Versioned<Meter & { verifiedOn: string | null; verificationIntervalMonths: number | null; accuracyClass: string | null; energyCode: string | null; parentMeterCode: string | null }>[]>(api + '/meters'), [api]);
  const today = todayIn();
  return (
    <section className="panel">
      <h2>{t('meters')}</h2>
      <Status loading={meters.loading && !meters.data} error={meters.error} />
      <div className="scroll"><table className="meters">
        <thead><tr><th>{t('code')}</th><th>{t('name')}</th><th>{t('accuracyClass')}</th><th>{t('verificationDue')}</th><th>{t('parentMeter')}</th></tr></thead>
        <tbody>{(meters.data ?? []).map(({ data: m }) => {
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
              <td>{m.parentMeterCode ?? '—'}</td>
            </tr>);
        })}</tbody>
      </table></div>
      {canEdit && (adding
        ? <NewEntityForm api={api} kind="meters" done={() => { setAdding(false); meters.reload(); }} fields={[
            { key: 'code', required: true, pattern: /^\d{12}$/, hintZh: '应为 12 位数字（计量器具编码）', hintEn: '12 digits (meter code)' },
            { key: 'name', required: true }, { key: 'serialNumber' }, { key: 'model' }, { key: 'accuracyClass' },
            { key: 'verifiedOn', type: 'date' },
            { key: 'verificationIntervalMonths', type: 'number', pattern: /^\d{1,3}$/, hintZh: '月数，例如 12', hintEn: 'months, e.g. 12' },
            { key: 'equipmentCode' },
            { key: 'energyCode', type: 'select', options: (lists.data?.energyTypes ?? []).concat(lists.data?.workingMedia ?? [])
              .map((c) => ({ value: c.code, label: `${c.code} ${lang === 'zh' ? c.nameZh : c.nameEn}` })) },
            { key: 'parentMeterCode', type: 'select', options: (meters.data ?? []).map((x) => ({ value: x.data.code, label: `${x.data.code} ${x.data.name}` })) }]} />
        : <button type="button" className="add" data-add="meters" onClick={() => setAdding(true)}>{t('add')}</button>)}
    </section>
  );
}

function Items({ api }: { api: string }) {
  const { t } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const [adding, setAdding] = useState(false);
  const enterprise = useLoad(() => getJson<Versioned<{ layoutProfile?: string | null }>>(api), [api]);
  // read again when the form opens: processes added meanwhile are offered
  const processes = useLoad(() => getJson<Versioned<{ code: string; name: string }>[]>(`${api}/processes`), [api, adding]);
  const units = useLoad(() => getJson<Versioned<{ processCode: string; code: string; name: string }>[]>(`${api}/process-units`), [api, adding]);
  const items = useLoad(() => getJson<Versioned<Item>[]>(api + '/items'), [api]);
  const points = useLoad(() => getJson<Versioned<Point>[]>(api + '/points'), [api]);
  const [editing, setEditing] = useState<string | null>(null);
  const pointIds = useMemo(() => new Set((points.data ?? []).map((p) => p.data.id)), [points.data]);
  const itemCodes = useMemo(() => new Set((items.data ?? []).map((i) => i.data.dataCode)), [items.data]);
  return (
    <section className="panel wide">
      <h2>{t('items')}</h2>
      <Status loading={items.loading && !items.data} error={items.error} />
      <div className="scroll"><table className="items">
        <thead><tr><th>{t('dataCode')}</th><th>{t('name')}</th><th>{t('formula')}</th><th>{t('unit')}</th><th>{t('statType')}</th><th /></tr></thead>
        <tbody>{(items.data ?? []).map((v) => (
          <tr key={v.key} data-item={v.key}>
            <td><code>{v.data.dataCode}</code></td><td>{v.data.name}</td>
            <td>{editing === v.key
              ? <FormulaEditor api={api} item={v} points={pointIds} items={itemCodes} done={() => { setEditing(null); items.reload(); }} />
              : <code>{v.data.formula}</code>}</td>
            <td>{v.data.unit}</td><td>{v.data.statTypes.map((s) => t('statType' + s)).join(' ')}</td>
            <td>{editing !== v.key && canEdit && <button type="button" onClick={() => setEditing(v.key)}>{t('edit')}</button>}</td>
          </tr>))}</tbody>
      </table></div>
      {canEdit && (adding
        ? <NewItemForm api={api} layout={enterprise.data?.data.layoutProfile ?? 'NHJC16'}
            processes={(processes.data ?? []).map((p) => p.data)} units={(units.data ?? []).map((u) => u.data)}
            points={points.data ?? []} items={itemCodes} done={() => { setAdding(false); items.reload(); }} />
        : <button type="button" className="add" data-add="items" onClick={() => setAdding(true)}>{t('newItem')}</button>)}
    </section>
  );
}

function FormulaEditor({ api, item, points, items, done }: { api: string; item: Versioned<Item>; points: Set<string>; items: Set<string>; done: () => void }) {
  const { t, pick } = useI18n();
  const [formula, setFormula] = useState(item.data.formula);
  const [error, setError] = useState<unknown>(null);
  const others = new Set([...items].filter((c) => c !== item.data.dataCode));
  const problem = checkFormula(formula, points, others);
  const server = error instanceof ApiError ? error.forField('formula') : [];
  async function save() {
    setError(null);
    try {
      await request(`${api}/items/${encodeURIComponent(item.key)}`, {
        method: 'PUT', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ version: item.version, data: { ...item.data, formula } }),
      });
      done();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="formula-editor">
      <input name="formula" value={formula} onChange={(e) => { setFormula(e.target.value); setError(null); }}
        aria-invalid={!!problem} spellCheck={false} />
      {problem && <span className="field-error" role="alert" data-field="formula">{pick(problem.zh, problem.en)} (@{problem.at + 1})</span>}
      {server.map((v, i) => <span key={i} className="field-error" role="alert">{pick(v.messageZh, v.messageEn)}</span>)}
      {error !== null && server.length === 0 && <ErrorText error={error} />}
      <button type="button" className="primary" disabled={!!problem} onClick={save}>{t('save')}</button>
      <button type="button" onClick={done}>{t('cancel')}</button>
    </div>
  );
}

function Simple({ api, kind, columns, fields }: { api: string; kind: string; columns: string[]; fields?: FieldSpec[] }) {
  const { t } = useI18n();
  const canEdit = useCan('enterprise-manager');
  const [adding, setAdding] = useState(false);
  const rows = useLoad(() => getJson<Versioned<Record<string, unknown>>[]>(`${api}/${kind}`), [api, kind]);
  return (
    <section className="panel">
      <h2>{t(kind)}</h2>
      <Status loading={rows.loading && !rows.data} error={rows.error} />
      {rows.data && rows.data.length === 0 && <p className="muted">{t('none')}</p>}
      {rows.data && rows.data.length > 0 && (
        <div className="scroll"><table>
          <thead><tr>{columns.map((c) => <th key={c}>{t(c)}</th>)}</tr></thead>
          <tbody>{rows.data.map((r) => (
            <tr key={r.key}>{columns.map((c) => <td key={c}>{format(r.data[c])}</td>)}</tr>))}</tbody>
        </table></div>
      )}
      {fields && canEdit && (adding
        ? <NewEntityForm api={api} kind={kind} fields={fields} done={() => { setAdding(false); rows.reload(); }} />
        : <button type="button" className="add" data-add={kind} onClick={() => setAdding(true)}>{t('add')}</button>)}
    </section>
  );
}

function ProcessUnits({ api }: { api: string }) {
  const processes = useLoad(() => getJson<Versioned<{ code: string; name: string }>[]>(`${api}/processes`), [api]);
  return <Simple api={api} kind="process-units" columns={['processCode', 'code', 'name']} fields={[
    { key: 'processCode', type: 'select', required: true, options: (processes.data ?? []).map((p) => ({ value: p.data.code, label: `${p.data.code} ${p.data.name}` })) },
    { key: 'code', required: true, pattern: /^\d{2}$/, hintZh: '应为 2 位数字，例如 01', hintEn: '2 digits, e.g. 01' },
    { key: 'name', required: true }]} />;
}

function format(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? '✓' : '';
  return String(v);
}
