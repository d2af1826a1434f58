import { useMemo, useState } from 'react';
import { ApiError, getJson, Point, postJson, Versioned } from '../api';
import { useI18n } from '../i18n';
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

/** A field of a simple master-data form; `check` says in both languages what is wrong, or nothing. */
export interface FieldSpec {
  key: string;
  type?: 'text' | 'number' | 'date' | 'checkbox' | 'select';
  options?: { value: string; label: string }[];
  required?: boolean;
  pattern?: RegExp;
  hintZh?: string;
  hintEn?: string;
}

/**
 * Creates an entity of one kind (processes, process units, equipment, meters) with the fields given: each checked as
 * the user types, the portal's violations shown at the field they name.
 */
export function NewEntityForm({ api, kind, fields, done }: { api: string; kind: string; fields: FieldSpec[]; done: () => void }) {
  const { t, lang, pick } = useI18n();
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = (f: FieldSpec): string | null => {
    const v = values[f.key];
    const text = typeof v === 'string' ? v.trim() : '';
    if (f.type !== 'checkbox' && f.required && !text) return lang === 'zh' ? '不能为空' : 'required';
    if (text && f.pattern && !f.pattern.test(text)) return (lang === 'zh' ? f.hintZh : f.hintEn) ?? null;
    if (text && f.type === 'number' && !Number.isFinite(Number(text))) return lang === 'zh' ? '请输入数字' : 'a number';
    return null;
  };
  const server = (f: FieldSpec) => (error instanceof ApiError ? error.forField(f.key) : []);
  const invalid = fields.some((f) => problem(f));
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(Object.fromEntries(fields.map((f) => [f.key, true])));
    if (invalid) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {};
      for (const f of fields) {
        const v = values[f.key];
        if (f.type === 'checkbox') body[f.key] = !!v;
        else if (typeof v === 'string' && v.trim() !== '') body[f.key] = f.type === 'number' ? Number(v) : v.trim();
        else body[f.key] = null;
      }
      await postJson(`${api}/${kind}`, body);
      setValues({});
      setTouched({});
      done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form new-entity" data-kind={kind} onSubmit={submit} noValidate>
      {fields.map((f) => {
        const local = touched[f.key] ? problem(f) : null;
        const remote = server(f);
        const id = `${kind}-${f.key}`;
        return (
          <label key={f.key} htmlFor={id}>{t(f.key)}
            {f.type === 'select'
              ? <select id={id} name={f.key} value={(values[f.key] as string) ?? ''}
                  onChange={(e) => { setValues((x) => ({ ...x, [f.key]: e.target.value })); setTouched((x) => ({ ...x, [f.key]: true })); }}>
                  <option value="">—</option>
                  {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </select>
              : f.type === 'checkbox'
                ? <input id={id} type="checkbox" name={f.key} checked={!!values[f.key]} onChange={(e) => setValues((x) => ({ ...x, [f.key]: e.target.checked }))} />
                : <input id={id} name={f.key} type={f.type === 'date' ? 'date' : 'text'} inputMode={f.type === 'number' ? 'decimal' : undefined}
                    value={(values[f.key] as string) ?? ''} aria-invalid={!!local || remote.length > 0}
                    onChange={(e) => { setValues((x) => ({ ...x, [f.key]: e.target.value })); setTouched((x) => ({ ...x, [f.key]: true })); }} />}
            {(local || remote.length > 0) && <span className="field-error" role="alert" data-field={f.key}>
              {local ?? remote.map((v) => pick(v.messageZh, v.messageEn)).join('；')}</span>}
          </label>
        );
      })}
      <button type="submit" className="primary" disabled={busy}>{t('add')}</button>
      {error !== null && !(error instanceof ApiError && error.violations.some((v) => fields.some((f) => v.field === f.key || v.field.endsWith('.' + f.key))))
        && <ErrorText error={error} />}
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
  const subjects = klass?.subject === 'ENERGY_TYPE' ? lists.data?.energyTypes : klass?.subject === 'WORKING_MEDIUM' ? lists.data?.workingMedia : undefined;
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
          <input name="segUse" value={seg.use} onChange={(e) => set('use', e.target.value)} />
          <span className="hint">{t('useCodeHint')}</span>
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
      <div className="inline-group">{t('statType')}: {[0, 1, 2, 3].map((s) => (
        <label key={s} className="inline"><input type="checkbox" checked={statTypes.includes(s)}
          onChange={(e) => setStatTypes((x) => e.target.checked ? [...x, s].sort() : x.filter((y) => y !== s))} /> {t('statType' + s)}</label>))}</div>
      <button type="submit" className="primary" disabled={busy || !codeComplete || !!formulaProblem || !name.trim() || !unit.trim() || !formula.trim() || !inputType}>{t('add')}</button>
      {error !== null && !(error instanceof ApiError && error.violations.length > 0) && <ErrorText error={error} />}
      {error instanceof ApiError && error.violations.filter((v) => !['dataCode', 'name', 'unit', 'formula'].some((f) => v.field === f || v.field.endsWith('.' + f)))
        .map((v, i) => <span key={i} className="field-error" role="alert">{v.field}: {pick(v.messageZh, v.messageEn)}</span>)}
    </form>
  );
}
