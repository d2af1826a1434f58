import { ApiError } from '../api';
import { useI18n } from '../i18n';

/** Loading or error line of a panel; the API's own bilingual message when there is one. */
export function Status({ loading, error }: { loading?: boolean; error?: unknown }) {
  const { t, pick } = useI18n();
  if (error) {
    const text = error instanceof ApiError ? pick(error.messageZh, error.messageEn) : String(error);
    return <p className="error" role="alert">{t('loadFailed')}: {text}</p>;
  }
  return loading ? <p className="muted">{t('loading')}</p> : null;
}

export function ErrorText({ error }: { error: unknown }) {
  const { pick } = useI18n();
  if (!error) return null;
  const text = error instanceof ApiError ? pick(error.messageZh, error.messageEn) : String(error);
  return <p className="error" role="alert">{text}</p>;
}
