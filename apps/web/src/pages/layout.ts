import { html, Html } from '../html';
import { Lang, TEXTS, Texts } from '../i18n';

/** What every page knows about its request: language, who is signed in, the form token. */
export interface PageContext {
  lang: Lang;
  t: Texts;
  csrf: string;
  role?: 'citizen' | 'caseworker' | 'akasse' | 'system';
  path: string;
}

export function pageContext(lang: Lang, csrf: string, path: string, role?: PageContext['role']): PageContext {
  return { lang, t: TEXTS[lang], csrf, role, path };
}

/** The hidden CSRF field every POST form carries (double-submit: it must equal the httpOnly cookie). */
export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

export interface Notice {
  kind: 'success' | 'error' | 'info' | 'warning';
  title?: string;
  text: string;
}

export function notice(n: Notice | undefined): Html {
  if (!n) return html``;
  // an error or a success is announced to screen readers; focus moves to it through the page's h1 order
  const role = n.kind === 'error' ? 'alert' : 'status';
  return html`<div class="notice notice-${n.kind}" role="${role}">${n.title ? html`<p class="notice-title">${n.title}</p>` : ''}<p>${n.text}</p></div>`;
}

export function layout(ctx: PageContext, title: string, body: Html, options: { notice?: Notice } = {}): string {
  const { t } = ctx;
  const other = ctx.lang === 'da' ? 'en' : 'da';
  const nav =
    ctx.role === 'citizen'
      ? html`<li><a href="/mine-samtaler">${t.myMeetings}</a></li>`
      : ctx.role
        ? html`<li><a href="/kalender">${t.calendars}</a></li>`
        : html`<li><a href="/log-ind">${t.signIn}</a></li>`;
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${t.appName}</title>
<link rel="stylesheet" href="/assets/selvbook.css">
<script src="/assets/selvbook.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="top">
<p class="brand"><a href="/">${t.appName}</a></p>
<nav aria-label="${t.mainNav}"><ul>${nav}
<li><a href="?lang=${other}" lang="${other}" hreflang="${other}">${t.otherLanguage}</a></li>
${ctx.role ? html`<li><form method="post" action="/log-ud">${csrfField(ctx)}<button type="submit" class="link">${t.signOut}</button></form></li>` : ''}
</ul></nav>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${notice(options.notice)}
${body}
</main>
</body>
</html>`.value;
}

/**
 * Progressive enhancement only: every page works without it. A form sent once is not sent again by a second
 * click or Enter while the next page loads (the booking POST is also idempotent by its key). The week view
 * fetches itself every data-refresh-seconds while it is visible, and when its data-version differs (a booking,
 * a cancellation, attendance) says so once in its status region with a link to reload: it announces the change
 * to a screen reader politely and never rewrites the list under the reader.
 */
export const SCRIPT = `document.addEventListener('submit', function (e) {
  var form = e.target;
  if (form.getAttribute('method') !== 'post') return;
  if (form.dataset.sent) { e.preventDefault(); return; }
  form.dataset.sent = '1';
  form.setAttribute('aria-busy', 'true');
});
(function () {
  var week = document.getElementById('week'), status = document.getElementById('week-status');
  var link = document.querySelector('a.week-refresh');
  if (!week || !status || !link || !week.dataset.refreshSeconds || !window.fetch) return;
  var timer = setInterval(function () {
    if (document.visibilityState === 'hidden') return;
    fetch(link.href, { credentials: 'same-origin', headers: { accept: 'text/html' } }).then(function (r) {
      return r.ok && !r.redirected ? r.text() : '';
    }).then(function (text) {
      var m = /id="week" data-version="([^"]+)"/.exec(text);
      if (!m || m[1] === week.dataset.version) return;
      clearInterval(timer);
      var p = document.createElement('p'), a = link.cloneNode(true);
      p.className = 'notice notice-info';
      p.appendChild(document.createTextNode(week.dataset.changed + ' '));
      p.appendChild(a);
      status.appendChild(p);
    }).catch(function () {});
  }, Number(week.dataset.refreshSeconds) * 1000);
})();
`;

/** Served by the app itself (no CDN): small, high contrast, visible focus, one column from 320 px. */
export const STYLESHEET = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0}
a{color:#0b4fa3}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.skip,.visually-hidden{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.skip:focus{position:static;display:block;padding:.5rem;background:#ffe9b3}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding:.5rem 1rem;border-bottom:3px solid #0b4fa3}
.brand{margin:0;font-weight:700;font-size:1.25rem}
.brand a{text-decoration:none;color:#1a1a1a}
nav ul{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:0;padding:0;align-items:center}
nav form{margin:0}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;line-height:1.2}
h2{font-size:1.3rem;margin-top:2rem}
h3{font-size:1.1rem}
label,legend{display:block;font-weight:600;margin-top:1rem}
.hint{color:#444;margin:.25rem 0}
input[type=text],input[type=date],input[type=number],input[type=time],select,textarea{display:block;width:100%;max-width:24rem;font:inherit;padding:.5rem;border:2px solid #555;border-radius:4px}
textarea{min-height:6rem}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.choice input{width:1.5rem;height:1.5rem;flex:none;margin:0}
.choice label{margin:0;font-weight:400}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.2rem;margin:1rem .5rem 0 0;border:2px solid #0b4fa3;border-radius:4px;background:#0b4fa3;color:#fff;text-decoration:none;cursor:pointer}
button.secondary,.button.secondary{background:#fff;color:#0b4fa3}
button.danger{background:#a30b2b;border-color:#a30b2b}
button.link{background:none;border:0;color:#0b4fa3;text-decoration:underline;padding:0;margin:0;font-weight:400}
.notice{border-left:6px solid;padding:.5rem 1rem;margin:1rem 0;background:#f4f6f9}
.notice p{margin:.25rem 0}
.notice-title{font-weight:700}
.notice-success{border-color:#1e7a3c;background:#eaf6ee}
.notice-error{border-color:#a30b2b;background:#fbeaea}
.notice-warning{border-color:#b35900;background:#fff4e5}
.notice-info{border-color:#0b4fa3}
.cards{list-style:none;padding:0}
.cards>li{border:1px solid #888;border-radius:4px;padding:.75rem 1rem;margin:.75rem 0}
.cards h3{margin:.25rem 0}
dl.facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.slot-free{border-left:6px solid #1e7a3c}
.slot-booked{border-left:6px solid #0b4fa3}
.weeknav{display:flex;flex-wrap:wrap;gap:1rem}
.id{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
`;
