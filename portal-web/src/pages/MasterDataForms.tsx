import { useMemo, useState } from 'react';
import { ApiError, getJson, Point, postJson, request, Versioned } from '../api';
import { Lang, useI18n } from '../i18n';
import { useLoad } from '../util';
import { ErrorText } from '../components/Status';
import { checkFormula } from '../formula';

interface Code { code: string; nameZh: string; nameEn: string }
interface CodeLists {
  dataClasses: (Code & { subject: string })[];
  energyTypes: Code[];
  workingMedia: Code[];
  dataSources: Code[];
  layouts: { profile: string; length: number; equipmentTypeDigits: number; equipmentSerialDigits: number }[];
}

export function useCodeLists() {
  return useLoad(() => getJson<CodeLists>('/api/portal/code-lists'), []);
}

/** The code lists a platform published to the enterprise's uploader (GET …/platform-code-lists), per platform. */
interface PlatformLists {
  platformId: string;
  dicVersion: string | null;
  lists: Record<string, { code: string; name: string }[]>;
}

/** The platform's list of each subject a data class names (the standard's own lists serve energy types and media). */
const PLATFORM_LIST_OF_SUBJECT: Record<string, string> = {
  PRODUCT: 'products', EFFICIENCY_INDICATOR: 'efficiencyIndicators', ECONOMIC_INDICATOR: 'economicIndicators',
};

/**
 * One list of every platform the enterprise uploads to, by code (a code two platforms publish is offered once, with
 * the first one's name); empty while nothing is downloaded, or when the uploader cannot be asked.
 */
export function platformList(platforms: PlatformLists[] | undefined, name: string): { code: string; name: string }[] {
  const byCode = new Map<string, { code: string; name: string }>();
  for (const p of platforms ?? []) for (const e of p.lists[name] ?? []) if (!byCode.has(e.code)) byCode.set(e.code, e);
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** A field of a master-data form; its key names a field of the record, with dots into nested records (address.register). */
export interface FieldSpec {
  key: string;
  type?: 'text' | 'number' | 'date' | 'checkbox' | 'select' | 'textarea';
  /** a select's choices; a function when they depend on other fields (a process's units) */
  options?: Option[] | ((values: FormValues) => Option[]);
  required?: boolean;
  pattern?: RegExp;
  /** a number's bounds, both included; out of them the hint is shown */
  min?: number;
  max?: number;
  hintZh?: string;
  hintEn?: string;
  /** shown as the empty field's placeholder: the value the system takes when the field is left empty */
  placeholder?: string;
  /** the value a new entity's form starts with */
  initial?: string;
  /** part of the entity's key: fixed once it exists */
  identifying?: boolean;
  /** whether the field applies to the values entered so far (e.g. a protocol's settings); a hidden field is sent empty */
  visible?: (values: FormValues) => boolean;
}

export type FormValues = Record<string, string | boolean>;
export type Option = { value: string; label: string };

function optionsOf(f: FieldSpec, values: FormValues): Option[] {
  return typeof f.options === 'function' ? f.options(values) : f.options ?? [];
}

/** The value at a dotted path of a record. */
function at(data: Record<string, unknown> | undefined, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
}

/** A copy of a record with the value at a dotted path replaced (nested records created as needed). */
function withValue(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...data, [head]: value };
  const inner = data[head];
  return { ...data, [head]: withValue(inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {}, rest.join('.'), value) };
}

/**
 * A field's value; for a select that shares its key with another protocol's field or whose choices depend on other
 * fields, only when it is one of its current options (a Modbus data type is no CJ/T 188 field, a unit of another
 * process none of this one).
 */
function optionValue(fields: FieldSpec[], f: FieldSpec | undefined, values: FormValues) {
  const v = f && values[f.key];
  const shared = !!f && (fields.filter((x) => x.key === f.key).length > 1 || typeof f.options === 'function');
  return shared && f?.type === 'select' && typeof v === 'string' && v !== '' && !optionsOf(f, values).some((o) => o.value === v) ? '' : v;
}

/** The form's values of an existing entity: numbers as typed text, absent values empty. */
function valuesOf(fields: FieldSpec[], data?: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  if (!data) {
    for (const f of fields) if (f.initial !== undefined) values[f.key] = f.initial;
    return values;
  }
  for (const f of fields) {
    const v = at(data, f.key);
    if (f.type === 'checkbox') values[f.key] = !!v;
    else if (v !== null && v !== undefined) values[f.key] = String(v);
  }
  return values;
}

/** What is wrong with a field's value, in the language given, or null. */
export function fieldProblem(fields: FieldSpec[], f: FieldSpec, values: FormValues, lang: Lang): string | null {
  const v = optionValue(fields, f, values);
  const text = typeof v === 'string' ? v.trim() : '';
  if (f.type !== 'checkbox' && f.required && !text) return lang === 'zh' ? '不能为空' : 'required';
  if (text && f.pattern && !f.pattern.test(text)) return (lang === 'zh' ? f.hintZh : f.hintEn) ?? null;
  if (text && f.type === 'number' && !Number.isFinite(Number(text))) return lang === 'zh' ? '请输入数字' : 'a number';
  if (text && ((f.min !== undefined && Number(text) < f.min) || (f.max !== undefined && Number(text) > f.max))) {
    return (lang === 'zh' ? f.hintZh : f.hintEn) ?? null;
  }
  return null;
}

/**
 * What the form sends: the existing record (fields the form does not show kept as they are) with each field's value;
 * a field that does not apply (hidden) sends nothing, and a key may have one field per protocol, the one shown giving
 * the value; a nested record the form emptied (the address of a point that left its device) is no record.
 */
export function entityBody(fields: FieldSpec[], values: FormValues, existing?: Record<string, unknown>): Record<string, unknown> {
  const shown = fields.filter((f) => !f.visible || f.visible(values));
  let body: Record<string, unknown> = existing ? { ...existing } : {};
  for (const key of new Set(fields.map((f) => f.key))) {
    const f = shown.find((x) => x.key === key);
    const v = (f ? optionValue(fields, f, values) : values[key]);
    let value: unknown = null;
    if (f?.type === 'checkbox') value = !!v;
    else if (f && typeof v === 'string' && v.trim() !== '') value = f.type === 'number' ? Number(v) : v.trim();
    else if (!f && fields.some((x) => x.key === key && x.type === 'checkbox')) value = false;
    body = withValue(body, key, value);
  }
  for (const [k, v] of Object.entries(body)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && fields.some((f) => f.key.startsWith(k + '.'))
      && Object.values(v).every((x) => x === null)) body[k] = null;
  }
  return body;
}

/**
 * Creates an entity of one kind, or edits one in place when `existing` is given (its key fields fixed, the version
 * read sent back so that a concurrent change is refused, with a retire button). Each field is checked as the user
 * types and the portal's violations are shown at the field they name. Fields of the record that the form does not
 * show are kept as they are.
 */
export function EntityForm({ api, kind, fields, existing, done }: {
  api: string; kind: string; fields: FieldSpec[]; existing?: Versioned<Record<string, unknown>>; done: () => void;
}) {
  const { t, lang, pick } = useI18n();
  const [values, setValues] = useState<FormValues>(() => valuesOf(fields, existing?.data));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shown = fields.filter((f) => !f.visible || f.visible(values));
  const problem = (f: FieldSpec) => fieldProblem(fields, f, values, lang);
  const server = (f: FieldSpec) => (error instanceof ApiError ? error.forField(f.key) : []);
  const invalid = shown.some((f) => problem(f));
  const set = (key: string, value: string | boolean) => {
    setValues((x) => ({ ...x, [key]: value }));
    setTouched((x) => ({ ...x, [key]: true }));
  };
  async function send(e: React.FormEvent) {
    e.preventDefault();
    setTouched(Object.fromEntries(fields.map((f) => [f.key, true])));
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      const body = entityBody(fields, values, existing?.data);
      if (existing) {
        await request(`${api}/${kind}/${encodeURIComponent(existing.key)}`, {
          method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ version: existing.version, data: body }),
        });
      } else {
        await postJson(`${api}/${kind}`, body);
        setValues(valuesOf(fields));
        setTouched({});
      }
      done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function retire() {
    if (!existing || !window.confirm(t('retireConfirm'))) return;
    setBusy(true);
    setError(null);
    try {
      await postJson(`${api}/${kind}/${encodeURIComponent(existing.key)}/retire`, { version: existing.version });
      done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const atAField = error instanceof ApiError && error.violations.some((v) => shown.some((f) => v.field === f.key || v.field.endsWith('.' + f.key)));
  return (
    <form className={existing ? 'form edit-entity' : 'form new-entity'} data-kind={kind} data-key={existing?.key} onSubmit={send} noValidate>
      {existing && <h3>{t('edit')}: {existing.key}</h3>}
      {shown.map((f) => {
        const local = touched[f.key] ? problem(f) : null;
        const remote = server(f);
        const id = `${kind}-${existing ? 'edit' : 'new'}-${f.key}`;
        const value = (optionValue(fields, f, values) as string) ?? '';
        return (
          <label key={f.key} htmlFor={id}>{t(f.key)}
            {f.type === 'select'
              ? <select id={id} name={f.key} value={value} disabled={!!existing && f.identifying} onChange={(e) => set(f.key, e.target.value)}>
                  <option value="">{f.placeholder ? `— (${f.placeholder})` : '—'}</option>
                  {optionsOf(f, values).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </select>
              : f.type === 'checkbox'
                ? <input id={id} type="checkbox" name={f.key} checked={!!values[f.key]} onChange={(e) => set(f.key, e.target.checked)} />
                : f.type === 'textarea'
                  ? <textarea id={id} name={f.key} value={value} rows={3} spellCheck={false} aria-invalid={!!local || remote.length > 0}
                      placeholder={f.placeholder} onChange={(e) => set(f.key, e.target.value)} />
                  : <input id={id} name={f.key} type={f.type === 'date' ? 'date' : 'text'} inputMode={f.type === 'number' ? 'decimal' : undefined}
                      value={value} readOnly={!!existing && f.identifying} placeholder={f.placeholder}
                      aria-invalid={!!local || remote.length > 0} onChange={(e) => set(f.key, e.target.value)} />}
            {(local || remote.length > 0) && <span className="field-error" role="alert" data-field={f.key}>
              {local ?? remote.map((v) => pick(v.messageZh, v.messageEn)).join('；')}</span>}
          </label>
        );
      })}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{existing ? t('save') : t('add')}</button>
        {existing && <button type="button" onClick={done}>{t('cancel')}</button>}
        {existing && <button type="button" className="danger" data-retire onClick={retire} disabled={busy}>{t('retire')}</button>}
      </div>
      {error !== null && !atAField && <ErrorText error={error} />}
      {error instanceof ApiError && atAField && error.violations.filter((v) => !shown.some((f) => v.field === f.key || v.field.endsWith('.' + f.key)))
        .map((v, i) => <span key={i} className="field-error" role="alert">{v.field}: {pick(v.messageZh, v.messageEn)}</span>)}
    </form>
  );
}

interface Item { dataCode: string; name: string; statTypes: number[]; formula: string; inputType: number; scope: number; unit: string }

/**
 * A new data item: its code built from segments picked from the enterprise's processes and the standard's lists
 * (preview as one types), its formula checked as one types, then created by the portal, which checks everything
 * again with the codes and formula libraries.
 */
export function NewItemForm({ api, layout, processes, units, points, items, done }: {
  api: string; layout: string; processes: { code: string; name: string }[];
  units: { processCode: string; code: string; name: string }[]; points: Versioned<Point>[];
  items: Set<string>; done: () => void;
}) {
  const { t, lang, pick } = useI18n();
  const lists = useCodeLists();
  // the platform's lists are a help, not a condition: without them the segments are typed as digits
  const platforms = useLoad(() => getJson<PlatformLists[]>(`${api}/platform-code-lists`).catch(() => []), [api]);
  const profile = lists.data?.layouts.find((l) => l.profile === layout) ?? lists.data?.layouts[0];
  const [seg, setSeg] = useState({ process: '00', unit: '00', equipmentType: '', equipmentSerial: '', dataClass: '', subject: '', use: '' });
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [formula, setFormula] = useState('');
  const [statTypes, setStatTypes] = useState<number[]>([0, 1, 2]);
  const [inputType, setInputType] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const eqType = seg.equipmentType || '0'.repeat(profile?.equipmentTypeDigits ?? 2);
  const eqSerial = seg.equipmentSerial || '0'.repeat(profile?.equipmentSerialDigits ?? 2);
  const dataCode = `${seg.process}${seg.unit}${eqType}${eqSerial}${seg.dataClass}${seg.subject}${seg.use}`;
  const klass = lists.data?.dataClasses.find((c) => c.code === seg.dataClass);
  const platformSubjects = platformList(platforms.data, PLATFORM_LIST_OF_SUBJECT[klass?.subject ?? ''] ?? '')
    .map((e) => ({ code: e.code, nameZh: e.name, nameEn: e.name }));
  const subjects = klass?.subject === 'ENERGY_TYPE' ? lists.data?.energyTypes : klass?.subject === 'WORKING_MEDIUM' ? lists.data?.workingMedia
    : platformSubjects.length ? platformSubjects : undefined;
  const useCodes = platformList(platforms.data, 'useCodes');
  const pointIds = useMemo(() => new Set(points.map((p) => p.data.id)), [points]);
  const name2 = (c: Code) => `${c.code} ${lang === 'zh' ? c.nameZh : c.nameEn}`;
  const digits = (v: string, n: number) => new RegExp(`^\\d{${n}}$`).test(v);
  const segProblems: Record<string, string | null> = {
    equipmentType: seg.equipmentType && !digits(seg.equipmentType, profile?.equipmentTypeDigits ?? 2) ? `${profile?.equipmentTypeDigits ?? 2}` : null,
    equipmentSerial: seg.equipmentSerial && !digits(seg.equipmentSerial, profile?.equipmentSerialDigits ?? 2) ? `${profile?.equipmentSerialDigits ?? 2}` : null,
    dataClass: seg.dataClass ? null : '',
    subject: digits(seg.subject, 4) ? null : '4',
    use: digits(seg.use, 2) ? null : '2',
  };
  const codeComplete = Object.values(segProblems).every((p) => p === null) && dataCode.length === (profile?.length ?? 16);
  const formulaProblem = formula.trim() ? checkFormula(formula, pointIds, items) : null;
  const scope = seg.process === '00' ? 1 : seg.unit === '00' ? 2 : /^0+$/.test(eqType + eqSerial) ? 3 : 4;
  const server = (field: string) => (error instanceof ApiError ? error.forField(field) : []);
  const digitsMessage = (n: string) => (lang === 'zh' ? `应为 ${n} 位数字` : `${n} digits`);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!codeComplete || formulaProblem || !name.trim() || !unit.trim() || !formula.trim() || !inputType) return;
    setBusy(true);
    setError(null);
    try {
      const body: Item = { dataCode, name: name.trim(), statTypes, formula: formula.trim(), inputType: Number(inputType), scope, unit: unit.trim() };
      await postJson(`${api}/items`, body);
      setName(''); setFormula(''); setUnit('');
      done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const set = (k: keyof typeof seg, v: string) => setSeg((s) => ({ ...s, [k]: v, ...(k === 'process' ? { unit: '00' } : {}) }));
  return (
    <form className="form new-item" onSubmit={submit} noValidate>
      <fieldset className="code-builder">
        <legend>{t('dataCode')}: <code data-code-preview>{dataCode}</code> ({dataCode.length}/{profile?.length ?? 16})</legend>
        <label>{t('processCode')}
          <select name="segProcess" value={seg.process} onChange={(e) => set('process', e.target.value)}>
            <option value="00">00 {lang === 'zh' ? '全厂' : 'whole plant'}</option>
            {processes.map((p) => <option key={p.code} value={p.code}>{p.code} {p.name}</option>)}
          </select></label>
        <label>{t('process-units')}
          <select name="segUnit" value={seg.unit} onChange={(e) => set('unit', e.target.value)} disabled={seg.process === '00'}>
            <option value="00">00</option>
            {units.filter((u) => u.processCode === seg.process).map((u) => <option key={u.code} value={u.code}>{u.code} {u.name}</option>)}
          </select></label>
        <label>{t('equipmentType')}
          <input name="segEquipmentType" value={seg.equipmentType} placeholder={eqType} onChange={(e) => set('equipmentType', e.target.value)} />
          {segProblems.equipmentType && <span className="field-error" role="alert">{digitsMessage(segProblems.equipmentType)}</span>}</label>
        <label>{t('equipmentSerial')}
          <input name="segEquipmentSerial" value={seg.equipmentSerial} placeholder={eqSerial} onChange={(e) => set('equipmentSerial', e.target.value)} />
          {segProblems.equipmentSerial && <span className="field-error" role="alert">{digitsMessage(segProblems.equipmentSerial)}</span>}</label>
        <label>{t('dataClass')}
          <select name="segDataClass" value={seg.dataClass} onChange={(e) => { set('dataClass', e.target.value); set('subject', ''); }}>
            <option value="">—</option>
            {lists.data?.dataClasses.map((c) => <option key={c.code} value={c.code}>{name2(c)}</option>)}
          </select></label>
        <label>{t('subjectCode')}
          {subjects
            ? <select name="segSubject" value={seg.subject} onChange={(e) => set('subject', e.target.value)}>
                <option value="">—</option>
                {subjects.map((c) => <option key={c.code} value={c.code}>{name2(c)}</option>)}
              </select>
            : <input name="segSubject" value={seg.subject} onChange={(e) => set('subject', e.target.value)} />}
          {seg.subject && segProblems.subject && <span className="field-error" role="alert">{digitsMessage('4')}</span>}</label>
        <label>{t('useCode')}
          {useCodes.length
            ? <select name="segUse" value={seg.use} onChange={(e) => set('use', e.target.value)}>
                <option value="">—</option>
                {useCodes.map((c) => <option key={c.code} value={c.code}>{c.code} {c.name}</option>)}
              </select>
            : <input name="segUse" value={seg.use} onChange={(e) => set('use', e.target.value)} />}
          <span className="hint">{useCodes.length ? `${t('platformList')} ${(platforms.data ?? []).map((p) => `${p.platformId} ${p.dicVersion ?? ''}`.trim()).join(', ')}` : t('useCodeHint')}</span>
          {seg.use && segProblems.use && <span className="field-error" role="alert">{digitsMessage('2')}</span>}</label>
        {server('dataCode').map((v, i) => <span key={i} className="field-error" role="alert" data-field="dataCode">{pick(v.messageZh, v.messageEn)}</span>)}
      </fieldset>
      <label>{t('name')}<input name="itemName" value={name} onChange={(e) => setName(e.target.value)} />
        {server('name').map((v, i) => <span key={i} className="field-error" role="alert">{pick(v.messageZh, v.messageEn)}</span>)}</label>
      <label>{t('unit')}<input name="itemUnit" value={unit} onChange={(e) => setUnit(e.target.value)} />
        {server('unit').map((v, i) => <span key={i} className="field-error" role="alert">{pick(v.messageZh, v.messageEn)}</span>)}</label>
      <label>{t('formula')}<input name="itemFormula" value={formula} spellCheck={false} onChange={(e) => setFormula(e.target.value)} aria-invalid={!!formulaProblem} />
        {formulaProblem && <span className="field-error" role="alert" data-field="formula">{pick(formulaProblem.zh, formulaProblem.en)} (@{formulaProblem.at + 1})</span>}
        {server('formula').map((v, i) => <span key={i} className="field-error" role="alert">{pick(v.messageZh, v.messageEn)}</span>)}</label>
      <label>{t('source')}
        <select name="itemInputType" value={inputType} onChange={(e) => setInputType(e.target.value)}>
          <option value="">—</option>
          {lists.data?.dataSources.map((c) => <option key={c.code} value={c.code}>{name2(c)}</option>)}
        </select></label>
      <StatTypesPicker value={statTypes} onChange={setStatTypes} />
      <button type="submit" className="primary" disabled={busy || !codeComplete || !!formulaProblem || !name.trim() || !unit.trim() || !formula.trim() || !inputType}>{t('add')}</button>
      {error !== null && !(error instanceof ApiError && error.violations.length > 0) && <ErrorText error={error} />}
      {error instanceof ApiError && error.violations.filter((v) => !['dataCode', 'name', 'unit', 'formula'].some((f) => v.field === f || v.field.endsWith('.' + f)))
        .map((v, i) => <span key={i} className="field-error" role="alert">{v.field}: {pick(v.messageZh, v.messageEn)}</span>)}
    </form>
  );
}

/** The stat types an item is computed and uploaded for (0 real time, 1 day, 2 month, 3 year), as checkboxes. */
export function StatTypesPicker({ value, onChange }: { value: number[]; onChange: (statTypes: number[]) => void }) {
  const { t } = useI18n();
  return (
    <div className="inline-group">{t('statType')}: {[0, 1, 2, 3].map((s) => (
      <label key={s} className="inline"><input type="checkbox" checked={value.includes(s)}
        onChange={(e) => onChange(e.target.checked ? [...value, s].sort() : value.filter((y) => y !== s))} /> {t('statType' + s)}</label>))}</div>
  );
}
