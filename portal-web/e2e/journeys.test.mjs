// Browser journeys of issue #12, run by system-tests' BrowserJourneysTest against the running dev stack: headless
// Chromium from Debian driven by playwright-core, the real gateway, the real Keycloak login page, the real services.
//
// Environment (set by BrowserJourneysTest):
//   E2E_BASE_URL   the gateway, e.g. http://localhost:34567
//   E2E_USERS      JSON {"hongdu-operator": "<password>", ...} (generated at each start of the stack)
//   E2E_OUT        folder for screenshots and downloads (under target/)
//   E2E_EVIDENCE   a PDF to attach to the manual entry
//   E2E_BAD_WORKBOOK, E2E_BAD_SHEET, E2E_BAD_CELL   a plant workbook with one bad cell, and where it is (e.g. F7)
//   E2E_PRODUCT_POINT   the manual point of the monthly product output
//   E2E_CHROMIUM   the browser (default /usr/bin/chromium)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE_URL;
const USERS = JSON.parse(process.env.E2E_USERS ?? '{}');
const OUT = process.env.E2E_OUT ?? 'target/e2e';
const TENANT = 'hongdu-group';
const ENTERPRISE = '91360100MA35K8P233';
const OTHER_ENTERPRISE = '91360100MA35K8P158';
const OTHER_TENANT = 'ganjiang-saas';
const OTHER_TENANTS_ENTERPRISE = '91360700MA37Q2W50Q';
const TIMEOUT = 240_000;

mkdirSync(OUT, { recursive: true });

let browser;
/** Messages of the browser's console about the Content-Security-Policy: there must be none. */
const cspViolations = [];

before(async () => {
  assert.ok(BASE, 'E2E_BASE_URL is not set');
  browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    // the flags this machine's closed network needs (no background connections), as root without sandbox;
    // Playwright starts the browser with a new empty profile of its own
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** A new browser (its own cookies) logged in as the user through Keycloak's login page. */
async function loggedIn(username, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 860 }, ...options });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(`${username}: ${m.text()}`);
  });
  await page.goto(BASE + '/');
  // the gateway sends the browser to Keycloak (authorization code + PKCE)
  await page.waitForSelector('#username', { timeout: 60_000 });
  await page.fill('#username', username);
  await page.fill('#password', USERS[username]);
  await Promise.all([page.waitForURL((u) => u.toString().startsWith(BASE), { timeout: 60_000 }), page.click('#kc-login')]);
  await page.waitForSelector('header.top .user', { timeout: 60_000 });
  return { context, page };
}

/** Runs a journey in a new logged-in browser; a failure leaves a screenshot of where it stopped. */
async function journey(name, username, options, body) {
  const { context, page } = await loggedIn(username, options);
  try {
    await body(page);
  } catch (e) {
    await shot(page, 'FAILED-' + name).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(OUT, name + '.png'), fullPage: true });
}

/** Polls an assertion, reloading the view between tries (values arrive with the next rollup or upload round). */
async function eventually(page, check, { timeout = 90_000, reload } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw last;
    await page.waitForTimeout(2000);
    if (reload) await reload();
  }
}

function firstOfLastMonth() {
  const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai' }));
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

test('an enterprise operator enters last month\'s product output with an attachment and sees it on the dashboard', { timeout: TIMEOUT }, async () => {
  await journey('operator-manual-entry', 'hongdu-operator', {}, async (page) => {
    // one enterprise: its dashboard is the start page
    await page.waitForURL(`**/#/e/${TENANT}/${ENTERPRISE}`);
    await page.click('nav.tabs .tab-manual');
    await page.waitForSelector('form.form select[name=pointId]');
    await page.selectOption('select[name=pointId]', process.env.E2E_PRODUCT_POINT);
    await page.selectOption('select[name=period]', 'MONTH');
    const month = firstOfLastMonth();
    await page.fill('input[name=periodStart]', month);
    // a value that is not a number is refused at the field while typing, in Chinese by default
    await page.fill('input[name=value]', '12,5');
    assert.match(await page.textContent('.field-error[data-field=value]'), /请输入数字/);
    const value = String(1000 + Math.floor(Math.random() * 9000) + 0.5);
    await page.fill('input[name=value]', value);
    assert.equal(await page.locator('.field-error[data-field=value]').count(), 0);
    await page.setInputFiles('input[name=attachments]', process.env.E2E_EVIDENCE);
    await page.click('form.form button[type=submit]');
    const outcome = await page.waitForSelector('[data-outcome]', { timeout: 30_000 });
    assert.ok(['CREATED', 'CORRECTED'].includes(await outcome.getAttribute('data-outcome')));
    const row = page.locator(`table.entries tr[data-point="${process.env.E2E_PRODUCT_POINT}"][data-period-start="${month}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /evidence\.pdf/);
    await shot(page, 'operator-manual-entry');

    // the aggregator makes it the item's month value, which the dashboard shows as last month's product output
    await page.click('nav.tabs .tab-dashboard');
    const expected = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 3 }).format(Number(value));
    await eventually(page, async () => {
      await page.waitForSelector('#products[data-loaded=true]', { timeout: 15_000 });
      const cells = await page.locator(`#products tr[data-month="${month.slice(0, 7)}"] td[data-output]`).allTextContents();
      assert.ok(cells.some((c) => c.startsWith(expected)), `last month's output ${expected} among ${JSON.stringify(cells)}`);
    }, { reload: () => page.reload() });
    // this month by energy type: the whole plant's electricity (item 0000000002330011), in kWh and kgce
    await page.locator('#breakdown tr[data-energy="3300"]').waitFor({ timeout: 15_000 });
    assert.match(await page.textContent('#breakdown tr[data-energy="3300"]'), /kWh/);
    await shot(page, 'operator-dashboard');

    // what an operator may not do is not offered (importing a workbook and re-uploading need a manager)
    await page.click('nav.tabs .tab-import');
    assert.match(await page.textContent('main.page'), /导入工作簿需要能源管理负责人/);
    assert.equal(await page.locator('input[name=workbook]').count(), 0);
    await page.click('nav.tabs .tab-dashboard');
    // the English switch
    await page.click('header.top button.link');
    assert.equal(await page.textContent('nav.tabs .tab-manual'), 'Manual entry');
    await shot(page, 'operator-dashboard-en');
    await page.click('header.top button.link');
  });
});

test('an enterprise manager imports a plant workbook with one bad cell and sees that cell flagged on its sheet', { timeout: TIMEOUT }, async () => {
  await journey('manager-import', 'hongdu-manager', {}, async (page) => {
    await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}/import`);
    await page.setInputFiles('input[name=workbook]', process.env.E2E_BAD_WORKBOOK);
    const cell = page.locator(`.sheet[data-sheet="${process.env.E2E_BAD_SHEET}"] td.flagged[data-cell="${process.env.E2E_BAD_CELL}"]`);
    await cell.waitFor({ timeout: 30_000 });
    assert.match(await page.textContent('p.error[role=alert]'), /导入被拒绝/);
    assert.ok((await cell.textContent()).length > 0);
    assert.equal(await page.locator('td.flagged').count(), 1, 'only the bad cell is flagged');
    await shot(page, 'operator-import-bad-cell');
  });
});

test('an enterprise manager triggers a re-upload of a sent value, sees the new attempt and reconciles with the platform', { timeout: TIMEOUT }, async () => {
  await journey('manager-reupload', 'hongdu-manager', {}, async (page) => {
    await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}/uploads`);
    const button = page.locator('table.uploads button').first();
    // a sent value: its row gets a re-upload button once the page has loaded the history
    await eventually(page, () => button.waitFor({ timeout: 10_000 }), { reload: () => page.reload() });
    const clicked = new Date();
    await button.click();
    await page.waitForSelector('p.good[role=status]');
    await eventually(page, async () => {
      const times = await page.locator('table.attempts tr[data-attempted-at]').evaluateAll(
        (rows) => rows.map((r) => r.getAttribute('data-attempted-at')));
      assert.ok(times.some((t) => new Date(t) > clicked), `an attempt after ${clicked.toISOString()} among ${times.slice(0, 3)}`);
    }, { reload: () => page.click('button.refresh-attempts') });
    await shot(page, 'operator-reupload');
    // what the platform holds against the local history
    await page.click('form.filters button[type=submit]');
    assert.match(await page.textContent('[data-reconciliation]', { timeout: 30_000 }), /一致 \d+/);
  });
});

test('an enterprise manager adds a process, a meter due for verification and a data item built from its code segments', { timeout: TIMEOUT }, async () => {
  await journey('manager-master-data', 'hongdu-manager', {}, async (page) => {
    await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}/masterdata`);
    // a process
    await page.click('button[data-add=processes]');
    const processForm = page.locator('form.new-entity[data-kind=processes]');
    await processForm.locator('input[name=code]').fill('1');
    assert.match(await processForm.locator('.field-error[data-field=code]').textContent(), /应为 2 位数字/);
    await processForm.locator('input[name=code]').fill('07');
    await processForm.locator('input[name=name]').fill('烧结工序');
    await processForm.locator('button[type=submit]').click();
    await page.locator('button[data-add=processes]').waitFor();
    // a meter verified 11 months ago every 12 months: due within the month, highlighted
    const d = new Date();
    d.setMonth(d.getMonth() - 11);
    const verifiedOn = d.toISOString().slice(0, 10);
    await page.click('button[data-add=meters]');
    const meterForm = page.locator('form.new-entity[data-kind=meters]');
    await meterForm.locator('input[name=code]').fill('170100001077');
    await meterForm.locator('input[name=name]').fill('烧结车间电表');
    await meterForm.locator('input[name=verifiedOn]').fill(verifiedOn);
    await meterForm.locator('input[name=verificationIntervalMonths]').fill('12');
    await meterForm.locator('select[name=energyCode]').selectOption('3300');
    await meterForm.locator('button[type=submit]').click();
    await page.locator('tr[data-meter="170100001077"].due-soon').waitFor({ timeout: 30_000 });
    // a data item: process 07, secondary energy, electricity, use 11 picked from the platform's list (which the
    // uploader downloaded from the platform simulator at its registration); the formula checked as it is typed
    await eventually(page, async () => {
      const lists = await page.evaluate(async (url) => (await fetch(url)).json(),
        `/api/v1/tenants/${TENANT}/enterprises/${ENTERPRISE}/platform-code-lists`);
      assert.ok(lists.some((p) => p.lists.useCodes?.some((c) => c.code === '11')), `no use code 11 in ${JSON.stringify(lists)}`);
    });
    await page.click('button[data-add=items]');
    await page.selectOption('select[name=segProcess]', '07');
    await page.selectOption('select[name=segDataClass]', '02');
    await page.selectOption('select[name=segSubject]', '3300');
    await page.selectOption('select[name=segUse]', '11');
    const code = await page.textContent('[data-code-preview]');
    assert.equal(code, '0700000002330011');
    await page.fill('input[name=itemName]', '烧结工序电力消费量');
    await page.fill('input[name=itemUnit]', 'kWh');
    await page.fill('input[name=itemFormula]', '[workshop-1.active-energy] +');
    assert.match(await page.textContent('.field-error[data-field=formula]'), /公式不完整/);
    await page.fill('input[name=itemFormula]', '[workshop-1.active-energy]');
    assert.equal(await page.locator('.field-error[data-field=formula]').count(), 0);
    await page.selectOption('select[name=itemInputType]', '4');
    await page.click('form.new-item button[type=submit]');
    await page.locator('tr[data-item="0700000002330011"]').waitFor({ timeout: 30_000 });
    // edited in place: an empty unit is flagged as it is cleared, the new name saved
    await page.click('button[data-edit="0700000002330011"]');
    const editor = page.locator('[data-editing="0700000002330011"]');
    await editor.locator('input[name=itemUnit]').fill('');
    assert.match(await editor.locator('.field-error[data-field=unit]').textContent(), /不能为空/);
    await editor.locator('input[name=itemUnit]').fill('kWh');
    await editor.locator('input[name=itemName]').fill('烧结工序电力消费量（含照明）');
    await editor.locator('button.primary').click();
    await page.locator('tr[data-item="0700000002330011"]', { hasText: '含照明' }).waitFor({ timeout: 30_000 });
    await shot(page, 'manager-master-data');
  });
});

test('an enterprise manager sets up a collector, a DL/T 645 device and its point, then edits a point and a meter in place and retires them', { timeout: TIMEOUT }, async () => {
  await journey('manager-devices-points', 'hongdu-manager', {}, async (page) => {
    page.on('dialog', (d) => d.accept());
    await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}/masterdata`);
    assert.equal(await page.locator('header.top a.audit-link').count(), 0, 'the audit trail is the tenant admin\'s');
    // a collector of its own (no running collector polls its devices)
    await page.click('button[data-add=collectors]');
    const collector = page.locator('form.new-entity[data-kind=collectors]');
    await collector.locator('input[name=id]').fill('line 9');
    assert.match(await collector.locator('.field-error[data-field=id]').textContent(), /字母、数字/);
    await collector.locator('input[name=id]').fill('line-9-collector');
    await collector.locator('input[name=name]').fill('9 号线采集器');
    await collector.locator('button[type=submit]').click();
    await page.locator('[data-panel=collectors] tr[data-row="line-9-collector"]').waitFor({ timeout: 30_000 });
    // a device: its settings follow the protocol picked, each checked as it is typed
    await page.click('button[data-add=devices]');
    const device = page.locator('form.new-entity[data-kind=devices]');
    await device.locator('input[name=id]').fill('line-9-gateway');
    await device.locator('select[name=collectorId]').selectOption('line-9-collector');
    await device.locator('select[name=protocol]').selectOption('MODBUS_TCP');
    assert.equal(await device.locator('input[name=unitId]').count(), 1);
    await device.locator('select[name=protocol]').selectOption('DLT645_TCP');
    assert.equal(await device.locator('input[name=unitId]').count(), 0, 'a DL/T 645 device has no Modbus unit id');
    assert.equal(await device.locator('input[name=endpoint]').count(), 0);
    await device.locator('input[name=host]').fill('127.0.0.1');
    await device.locator('input[name=port]').fill('70000');
    assert.match(await device.locator('.field-error[data-field=port]').textContent(), /应为 1 至 65535 的整数/);
    await device.locator('input[name=port]').fill('10001');
    await device.locator('button[type=submit]').click();
    await page.locator('[data-panel=devices] tr[data-row="line-9-gateway"]').waitFor({ timeout: 30_000 });
    // its point: the address is the meter's address and a DI
    await page.click('button[data-add=points]');
    const point = page.locator('form.new-entity[data-kind=points]');
    await point.locator('input[name=id]').fill('line-9.active-energy');
    await point.locator('input[name=name]').fill('9 号线有功电能');
    await point.locator('select[name=deviceId]').selectOption('line-9-gateway');
    assert.equal(await point.locator('input[name="address.register"]').count(), 0, 'no register for DL/T 645');
    await point.locator('input[name="address.meterAddress"]').fill('42');
    assert.match(await point.locator('.field-error[data-field="address.meterAddress"]').textContent(), /应为 12 位数字/);
    await point.locator('input[name="address.meterAddress"]').fill('000000000042');
    await point.locator('input[name="address.dataId"]').fill('00010000');
    await point.locator('input[name=unit]').fill('kWh');
    await point.locator('input[name=scale]').fill('0.01');
    await point.locator('button[type=submit]').click();
    const row = page.locator('[data-panel=points] tr[data-row="line-9.active-energy"]');
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.textContent(), /meterAddress=000000000042 dataId=00010000/);
    // edited in place: its id fixed, a scale of 0 refused by the portal at the field, then 0.02 saved
    await page.click('[data-panel=points] button[data-edit="line-9.active-energy"]');
    const edit = page.locator('form.edit-entity[data-kind=points]');
    assert.notEqual(await edit.locator('input[name=id]').getAttribute('readonly'), null);
    assert.equal(await edit.locator('input[name="address.meterAddress"]').inputValue(), '000000000042');
    await edit.locator('input[name=scale]').fill('0');
    await edit.locator('button[type=submit]').click();
    await edit.locator('.field-error[data-field=scale]').waitFor({ timeout: 30_000 });
    assert.match(await edit.locator('.field-error[data-field=scale]').textContent(), /倍率不能为0/);
    await edit.locator('input[name=scale]').fill('0.02');
    await edit.locator('button[type=submit]').click();
    await row.filter({ hasText: '0.02' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('form.edit-entity[data-kind=points]').count(), 0);
    // the main meter verified two years ago every 12 months: overdue once edited
    await page.click('button[data-edit="170100001001"]');
    const meter = page.locator('form.edit-entity[data-kind=meters]');
    const d = new Date();
    d.setFullYear(d.getFullYear() - 2);
    await meter.locator('input[name=verifiedOn]').fill(d.toISOString().slice(0, 10));
    await meter.locator('input[name=verificationIntervalMonths]').fill('12');
    await meter.locator('button[type=submit]').click();
    await page.locator('tr[data-meter="170100001001"].overdue').waitFor({ timeout: 30_000 });
    await shot(page, 'manager-devices-points');
    // retired: the point, then its device, leave the configuration
    await page.click('[data-panel=points] button[data-edit="line-9.active-energy"]');
    await page.click('form.edit-entity[data-kind=points] button[data-retire]');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await page.click('[data-panel=devices] button[data-edit="line-9-gateway"]');
    await page.click('form.edit-entity[data-kind=devices] button[data-retire]');
    await page.locator('[data-panel=devices] tr[data-row="line-9-gateway"]').waitFor({ state: 'detached', timeout: 30_000 });
    await page.click('[data-panel=collectors] button[data-edit="line-9-collector"]');
    await page.click('form.edit-entity[data-kind=collectors] button[data-retire]');
    await page.locator('[data-panel=collectors] tr[data-row="line-9-collector"]').waitFor({ state: 'detached', timeout: 30_000 });
  });
});

test('an operator exports this month as XLSX', { timeout: TIMEOUT }, async () => {
  await journey('operator-export', 'hongdu-operator', {}, async (page) => {
    await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}/import`);
    const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai' }));
    const first = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
    const today = `${first.slice(0, 8)}${String(now.getDate()).padStart(2, '0')}`;
    await page.fill('input[name=from]', first);
    await page.fill('input[name=to]', today);
    await page.selectOption('select[name=resolution]', 'QUARTER');
    await page.selectOption('select[name=format]', 'xlsx');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('form.form button.primary >> nth=-1')]);
    await download.saveAs(join(OUT, 'export-this-month.xlsx'));
    assert.match(await page.textContent('[data-export-progress]'), /导出完成/);
    await shot(page, 'operator-export');
  });
});

test('the phone layout at 375 px puts alarms and manual entry first, fits the screen and is installable', { timeout: TIMEOUT }, async () => {
  await journey('phone', 'hongdu-operator', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, async (page) => {
    await page.waitForURL(`**/#/e/${TENANT}/${ENTERPRISE}`);
    const tabs = await page.locator('nav.tabs .tab').evaluateAll((as) => as
      .map((a) => ({ cls: a.className, x: a.getBoundingClientRect().x })).sort((a, b) => a.x - b.x).map((a) => a.cls));
    assert.match(tabs[0], /tab-alarms/);
    assert.match(tabs[1], /tab-manual/);
    for (const view of ['', '/alarms', '/manual']) {
      await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}${view}`);
      await page.waitForSelector('main.page h1');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `the page is ${width} px wide at ${view || 'dashboard'}`);
      await shot(page, `phone${view.replace('/', '-') || '-dashboard'}`);
    }
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      return (await fetch(link.href)).json();
    });
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
  });
});

test('a tenant admin sees both enterprises of the tenant and nothing of the other tenant, then logs out', { timeout: TIMEOUT }, async () => {
  await journey('tenant-admin', 'hongdu-admin', {}, async (page) => {
    await page.waitForSelector('.enterprise-card');
    const cards = await page.locator('.enterprise-card').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-enterprise')).sort());
    assert.deepEqual(cards, [OTHER_ENTERPRISE, ENTERPRISE].sort());
    const options = await page.locator('header.top select option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean).sort());
    assert.deepEqual(options, [`${TENANT}|${OTHER_ENTERPRISE}`, `${TENANT}|${ENTERPRISE}`].sort());
    await shot(page, 'tenant-admin-group');
    // the audit trail: the admin renames a collector, then finds the change, by whom and what it changed
    await page.goto(`${BASE}/#/e/${TENANT}/${ENTERPRISE}/masterdata`);
    await page.click('[data-panel=collectors] button[data-edit="dev-collector"]');
    const form = page.locator('form.edit-entity[data-kind=collectors]');
    const oldName = await form.locator('input[name=name]').inputValue();
    await form.locator('input[name=name]').fill(oldName + '（一号）');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-panel=collectors] tr[data-row="dev-collector"]', { hasText: '（一号）' }).waitFor({ timeout: 30_000 });
    await page.click('header.top a.audit-link');
    await page.selectOption('select[name=auditAction]', 'MASTER_DATA_UPDATED');
    const event = page.locator('tr[data-audit-action=MASTER_DATA_UPDATED][data-audit-target="dev-collector"]').first();
    await event.waitFor({ timeout: 30_000 });
    assert.match(await event.textContent(), /hongdu-admin/);
    await event.locator('button[data-changes]').click();
    const change = page.locator('[data-diff="dev-collector"] tr[data-field=name]');
    await change.waitFor({ timeout: 30_000 });
    assert.equal(await change.locator('td.before').textContent(), oldName);
    assert.equal(await change.locator('td.after').textContent(), oldName + '（一号）');
    await shot(page, 'tenant-admin-audit');
    // the other tenant's enterprise: the app has nothing to show, and its API refuses
    await page.goto(`${BASE}/#/e/${OTHER_TENANT}/${OTHER_TENANTS_ENTERPRISE}`);
    await page.waitForSelector('main.page p.error');
    const statuses = await page.evaluate(async ([t, e]) => Promise.all(['alarms', 'manual-entries', 'uploads', 'points']
      .map(async (p) => (await fetch(`/api/v1/tenants/${t}/enterprises/${e}/${p}`, { redirect: 'manual' })).status)),
    [OTHER_TENANT, OTHER_TENANTS_ENTERPRISE]);
    assert.ok(statuses.every((s) => s === 403 || s === 404), `the other tenant's API answered ${statuses}`);
    // logout ends the gateway's and Keycloak's sessions: the next page is Keycloak's login form again
    await page.goto(`${BASE}/#/`);
    await page.click('form.logout button');
    await page.waitForSelector('#username', { timeout: 30_000 });
  });
});

test('no page broke the Content-Security-Policy', () => {
  assert.deepEqual(cspViolations, []);
});

// evidence that the fixture files exist before the browser is started (a clearer failure than a missing upload)
for (const v of ['E2E_EVIDENCE', 'E2E_BAD_WORKBOOK']) {
  if (process.env[v]) readFileSync(process.env[v]);
}
