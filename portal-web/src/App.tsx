import { useEffect, useMemo, useState } from 'react';
import { csrfToken, getJson, Me } from './api';
import { I18nContext, initialLang, Lang, makeI18n, useI18n } from './i18n';
import { MeContext, useCan } from './me';
import { href, Route, useRoute } from './router';
import { useLoad } from './util';
import { Status } from './components/Status';
import { GroupDashboard } from './pages/GroupDashboard';
import { EnterpriseDashboard } from './pages/EnterpriseDashboard';
import { ManualEntryPage } from './pages/ManualEntryPage';
import { AlarmsPage } from './pages/AlarmsPage';
import { UploadsPage } from './pages/UploadsPage';
import { ImportExportPage } from './pages/ImportExportPage';
import { CollectorsPage } from './pages/CollectorsPage';
import { MasterDataPage } from './pages/MasterDataPage';
import { AuditPage } from './pages/AuditPage';

/** The views of one enterprise, in the order of the navigation (on a phone alarms and manual entry come first). */
const VIEWS = ['dashboard', 'manual', 'alarms', 'uploads', 'masterdata', 'import', 'collectors'] as const;

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const i18n = useMemo(() => makeI18n(lang, (l) => {
    localStorage.setItem('lang', l);
    setLang(l);
  }), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t('appTitle');
  }, [lang, i18n]);
  const me = useLoad(() => getJson<Me>('/api/portal/me'), []);
  return (
    <I18nContext.Provider value={i18n}>
      {me.data
        ? <MeContext.Provider value={me.data}><Shell me={me.data} /></MeContext.Provider>
        : <main className="page"><Status loading={me.loading} error={me.error} /></main>}
    </I18nContext.Provider>
  );
}

function Shell({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  const route = useRoute();
  const single = me.enterprises.length === 1 ? me.enterprises[0] : undefined;
  // one enterprise: its dashboard is home; several: the group view
  useEffect(() => {
    if (route.view === 'home' && single) {
      window.location.replace(href({ view: 'dashboard', tenantId: single.tenantId, enterpriseCode: single.enterpriseCode }));
    }
  }, [route.view, single]);
  const current = me.enterprises.find((e) => e.tenantId === route.tenantId && e.enterpriseCode === route.enterpriseCode);
  const canAudit = useCan('tenant-admin') && (!!me.tenantId || me.enterprises.length > 0);
  return (
    <>
      <header className="top">
        <a className="brand" href="#/">{t('appTitle')}</a>
        {me.enterprises.length > 0 && (
          <label className="picker">
            <span className="sr-only">{t('enterprise')}</span>
            <select aria-label={t('enterprise')} value={current ? `${current.tenantId}|${current.enterpriseCode}` : ''}
              onChange={(e) => {
                const [tenantId, enterpriseCode] = e.target.value.split('|');
                window.location.hash = tenantId ? href({ view: route.view === 'home' ? 'dashboard' : route.view, tenantId, enterpriseCode }) : '#/';
              }}>
              {!single && <option value="">{t('group')}</option>}
              {me.enterprises.map((e) => (
                <option key={e.tenantId + e.enterpriseCode} value={`${e.tenantId}|${e.enterpriseCode}`}>{e.name}</option>
              ))}
            </select>
          </label>
        )}
        {canAudit && <a className="link audit-link" href="#/audit">{t('audit')}</a>}
        <span className="user" title={me.roles.join(', ')}>{me.displayName || me.username}</span>
        <button type="button" className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('switchLanguage')}</button>
        <LogoutButton />
      </header>
      {current && <Nav route={route} />}
      <main className="page">
        <View route={route} me={me} known={!!current} />
      </main>
    </>
  );
}

function Nav({ route }: { route: Route }) {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t('enterprise')}>
      {VIEWS.map((v) => (
        <a key={v} href={href({ ...route, view: v })} className={`tab tab-${v}` + (route.view === v ? ' current' : '')}
          aria-current={route.view === v ? 'page' : undefined}>{t(v)}</a>
      ))}
    </nav>
  );
}

function View({ route, me, known }: { route: Route; me: Me; known: boolean }) {
  const { t } = useI18n();
  if (route.view === 'home') {
    return <GroupDashboard me={me} />;
  }
  if (route.view === 'audit') {
    return <AuditPage me={me} />;
  }
  if (!route.tenantId || !route.enterpriseCode || !known) {
    return <p className="error" role="alert">{t('loadFailed')}: 404</p>;
  }
  const e = { tenantId: route.tenantId, enterpriseCode: route.enterpriseCode };
  switch (route.view) {
    case 'manual': return <ManualEntryPage {...e} />;
    case 'alarms': return <AlarmsPage {...e} />;
    case 'uploads': return <UploadsPage {...e} />;
    case 'import': return <ImportExportPage {...e} />;
    case 'collectors': return <CollectorsPage {...e} />;
    case 'masterdata': return <MasterDataPage {...e} />;
    default: return <EnterpriseDashboard {...e} />;
  }
}

/** Logout is a POST with the CSRF token (the gateway ends the Keycloak session too, then comes back to the start). */
function LogoutButton() {
  const { t } = useI18n();
  return (
    <form method="post" action="/logout" className="logout">
      <input type="hidden" name="_csrf" value={csrfToken() ?? ''} />
      <button type="submit" className="link">{t('logout')}</button>
    </form>
  );
}
