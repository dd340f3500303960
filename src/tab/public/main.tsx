import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { htmlLang, pickLocale } from '../i18n/locale';
import { PublicPage } from './public-page';
import { publicStrings } from './public-strings';
import './public.css';

const params = new URLSearchParams(window.location.search);
// ?lang=en|fr wins; otherwise the browser's language; French by default.
const locale = pickLocale(params.get('lang') ?? navigator.language);
document.documentElement.lang = htmlLang(locale);
document.title = publicStrings(locale).title;

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <PublicPage locale={locale} />
    </StrictMode>,
  );
}
