/**
 * Calls the services' HTTP APIs through the gateway, with the browser's session cookie (the gateway relays the
 * user's token). Writes carry the CSRF token the gateway put in the XSRF-TOKEN cookie. An expired session (the
 * gateway answers with a redirect to the login) reloads the page, which goes through the login again.
 */

/** A violation as master data and manual entries report it (libs/codes Violation). */
export interface Violation {
  field: string;
  rule: string;
  expected?: string;
  messageZh: string;
  messageEn: string;
}

/** A bad cell of an imported workbook (portal workbook.CellReport). */
export interface CellReport {
  sheet: string;
  row: number | null;
  column: string | null;
  columnTitle: string | null;
  field: string;
  rule: string;
  expected: string | null;
  value: string | null;
  messageZh: string;
  messageEn: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly violations: Violation[] = [],
    readonly cells: CellReport[] = [],
  ) {
    super(messageEn || messageZh || `HTTP ${status}`);
  }

  /** the violations of one field (prefix match: items[x].formula matches "formula" when asked by suffix) */
  forField(field: string): Violation[] {
    return this.violations.filter((v) => v.field === field || v.field.endsWith('.' + field));
  }
}

/** The CSRF token the gateway put in its XSRF-TOKEN cookie (writes send it back in X-XSRF-TOKEN). */
export function csrfToken(): string | undefined {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers.set('X-XSRF-TOKEN', token);
  }
  const res = await fetch(path, { ...init, method, headers, credentials: 'same-origin', redirect: 'manual' });
  if (res.type === 'opaqueredirect' || res.status === 401) {
    // the session ran out: a page load goes through the login again and comes back here
    window.location.reload();
    throw new ApiError(401, '登录已过期，正在重新登录', 'The session expired: logging in again');
  }
  if (!res.ok) {
    throw await errorOf(res);
  }
  return res;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = await res.json();
  } catch {
    // not JSON: the status says enough
  }
  // the services' error shapes: {messageZh, messageEn} (portal), {error: "中文 / English"} (aggregator), a
  // ProblemDetail {detail} (uploader); a single text "中文 / English" is split at its first " / "
  const single = (body.detail as string) ?? (body.error as string) ?? (body.message as string) ?? '';
  const cut = single.indexOf(' / ');
  const zh = (body.messageZh as string) ?? (cut > 0 ? single.slice(0, cut) : single);
  const en = (body.messageEn as string) ?? (cut > 0 ? single.slice(cut + 3) : single);
  const fallbackZh = res.status === 403 ? '没有权限执行此操作' : res.status === 404 ? '未找到或无权访问' : `请求失败（${res.status}）`;
  const fallbackEn = res.status === 403 ? 'You may not do this' : res.status === 404 ? 'Not found or not accessible' : `Request failed (${res.status})`;
  return new ApiError(res.status, zh || fallbackZh, en || fallbackEn,
    (body.violations as Violation[]) ?? [], (body.cells as CellReport[]) ?? []);
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request(path)).json() as Promise<T>;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function postFile<T>(path: string, file: File, field = 'file'): Promise<T> {
  const form = new FormData();
  form.append(field, file, file.name);
  return (await request(path, { method: 'POST', body: form })).json() as Promise<T>;
}

/** The path prefix of one enterprise's API. */
export function base(tenantId: string, enterpriseCode: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenantId)}/enterprises/${encodeURIComponent(enterpriseCode)}`;
}

export function query(params: Record<string, string | number | boolean | undefined | string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// --- the shapes the app reads (documented in docs/architecture.md, each service's OpenAPI) ---

export interface EnterpriseRef {
  tenantId: string;
  enterpriseCode: string;
  name: string;
}

export interface Me {
  username: string;
  displayName?: string | null;
  roles: string[];
  tenantId: string | null;
  enterprises: EnterpriseRef[];
}

export interface Versioned<T> {
  key: string;
  version: number;
  updatedAt: string;
  retiredAt: string | null;
  data: T;
}

export interface Point {
  id: string;
  name: string;
  unit: string;
  kind: string;
  source: number;
  meterCode?: string | null;
}

export interface MethodTotals {
  consumption: number | null;
  externalSupply: number | null;
  rawMaterial: number | null;
  comprehensive: number | null;
}

export interface ProductResult {
  dataCode: string;
  productCode: string;
  process: string;
  output: number | null;
  unit: string;
  attributedKgce: number | null;
  kgcePerUnit: number | null;
}

export interface PeriodAccount {
  statType: number;
  statDate: string;
  periodStart: string;
  methods: Record<string, MethodTotals>;
  products: ProductResult[];
  productEnergyKgce: number | null;
  productShare: number | null;
  productShareMet: boolean | null;
  items?: { dataCode: string; role: string; method: string; kgce: number | null }[];
}

/** A series of an energy type or a process (aggregator EnergySeriesController). */
export interface EnergySeries {
  scope: string;
  code: string;
  unit: string;
  periods: { statDate: string; value: number | null; complete: boolean }[];
}

export interface QualityDay {
  day: string;
  due: number;
  present: number;
  completeness: number;
  timeliness: number;
  consistency: number;
  statDateAlignment: number;
  verification: number;
  composite: number;
  completenessTargetMet: boolean;
}

export interface LatestReading {
  pointId: string;
  ts: string;
  value: number | null;
  quality: string;
  error: string | null;
  receivedAt: string;
}

export interface Alarm {
  alarmId: string;
  type: string;
  subject: string;
  message: string;
  raisedAt: string;
  clearedAt: string | null;
  acknowledgedBy?: string | null;
  acknowledgedAt?: string | null;
  comment?: string | null;
}

export interface UploadItem {
  platformId: string;
  dataCode: string;
  statType: number;
  statDate: string;
  value: number | null;
  version: number;
  status: string;
  reupload: boolean;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface UploadAttempt {
  platformId: string;
  operation: string;
  attemptedAt: string;
  itemCount: number;
  accepted: boolean;
  httpStatus: number | null;
  responseCode: string | null;
  responseMessage: string | null;
  latencyMs: number | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface EntryVersion {
  version: number;
  value: number;
  unit: string;
  comment: string | null;
  enteredBy: string;
  enteredAt: string;
  attachments: Attachment[];
}

export interface ManualEntry {
  pointId: string;
  period: 'DAY' | 'WEEK' | 'MONTH';
  periodStart: string;
  version: number;
  versions: EntryVersion[];
}

export interface Submitted {
  outcome: 'CREATED' | 'CORRECTED' | 'UNCHANGED';
  readingPublished: boolean;
  entry: ManualEntry;
}
