// The applicant portal (一网通办): find a life event, read the one-time notice, apply once, follow the case.
// Views by the address's hash: #/ search, #/thing/<code> notice and application, #/case/<id> the case, #/mine the archive.
import { el, clear, elderToggle, LIFECYCLE } from '../common/ui.js';
import { signIn } from '../common/signin.js';
import { applyView } from './apply.js';
import { caseView, archiveView } from './case.js';

const main = document.getElementById('main');
let stopView = () => {};

async function searchView() {
  const [themes, params] = [(await (await fetch('/api/v1/themes')).json()).themes, new URLSearchParams(location.hash.split('?')[1] || '')];
  const q = el('input', { id: 'q', type: 'search', value: params.get('q') || '', placeholder: '例如:出生、户口、退休、开办企业' });
  const lifecycle = el('select', { id: 'lifecycle' }, el('option', { value: '' }, '全部'),
    Object.entries(LIFECYCLE).map(([v, t]) => el('option', { value: v, selected: params.get('lifecycle') === v }, t)));
  const theme = el('select', { id: 'theme' }, el('option', { value: '' }, '全部主题'),
    themes.map(t => el('option', { value: t.code, selected: params.get('theme') === t.code }, `${t.name}(${LIFECYCLE[t.lifecycle] || t.lifecycle})`)));
  const results = el('div', { id: 'results', 'aria-live': 'polite' });
  const run = async () => {
    const qs = new URLSearchParams();
    if (q.value.trim()) qs.set('q', q.value.trim());
    if (lifecycle.value) qs.set('lifecycle', lifecycle.value);
    if (theme.value) qs.set('theme', theme.value);
    history.replaceState(null, '', '#/?' + qs);
    const things = (await (await fetch('/api/v1/things?' + qs)).json()).things;
    clear(results, el('p', {}, `找到 ${things.length} 件事`),
      el('ul', { class: 'cards' }, things.map(t => el('li', {},
        el('h3', {}, el('a', { href: '#/thing/' + t.code, 'data-thing': t.code }, t.name)),
        el('p', { class: 'hint' }, `${LIFECYCLE[t.lifecycle] || t.lifecycle} · ${t.items.length} 个事项:${t.items.map(i => i.name).join('、')}`)))));
  };
  const form = el('form', { role: 'search', onsubmit: e => { e.preventDefault(); run(); } },
    el('div', { class: 'row' },
      el('div', {}, el('label', { for: 'q' }, '搜索要办的事'), q),
      el('div', { class: 'elder-hide' }, el('label', { for: 'lifecycle' }, '对象'), lifecycle),
      el('div', { class: 'elder-hide' }, el('label', { for: 'theme' }, '主题'), theme),
      el('button', { type: 'submit', id: 'search' }, '搜索')));
  lifecycle.addEventListener('change', run);
  theme.addEventListener('change', run);
  clear(main, el('h2', {}, '我要办一件事'), el('p', {}, '一次告知、一表申请、一套材料:选一件事，看清要什么，填一张表，各部门并联办理。'), form, results);
  await run();
}

async function route() {
  stopView();
  stopView = () => {};
  const hash = location.hash || '#/';
  try {
    let m;
    if ((m = /^#\/thing\/([\w-]+)/.exec(hash))) await applyView(main, m[1], s => { stopView = s; });
    else if ((m = /^#\/case\/([\w-]+)/.exec(hash))) stopView = await caseView(main, m[1]);
    else if (hash.startsWith('#/mine')) await archiveView(main);
    else await searchView();
  } catch (e) {
    clear(main, el('div', { class: 'notice bad', role: 'alert' }, '页面加载失败:' + e.message));
  }
  // A new view: a screen reader reads on from its content, the page shows it from the top (header with sign-in,
  // 长者专版 and 我的办件 in view). The first view stays as the browser opened it (focus at the start, not scrolled).
  if (shown) {
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  shown = true;
}
let shown = false;

document.getElementById('elder-slot').append(elderToggle(() => route()));
let started = false;
signIn(document.getElementById('signin-slot'), {
  accept: k => k.role === 'channel' && (k.channel === 'pc' || k.channel === 'mobile'),
  // the views that depend on who is signed in are drawn again; the search view does not (redrawing it under
  // someone typing would drop what they typed)
  onChange: () => { if (started && /^#\/(thing|case|mine)/.test(location.hash)) route(); },
}).then(() => { started = true; route(); });
window.addEventListener('hashchange', () => { if (location.hash.startsWith('#/') || !location.hash) route(); });
