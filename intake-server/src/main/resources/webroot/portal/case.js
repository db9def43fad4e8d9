// The case page (进度一网可查): items and their states live over SSE, due dates as plain dates, 补正 when an item is
// returned, 容缺 materials still owed with their due dates and a hand-in form, results delivered (一次送达), the rating (好差评); and the applicant's own archive (一人一档).
// The case's heading, items, hand-in forms and the list of cases are common/case.js, which the window page uses too.
import { el, clear, announce, problemView, plainDate, plainDateTime, ITEM_STATUS, CASE_STATUS, DELIVERY, departmentNames } from '../common/ui.js';
import { api, followEvents } from '../common/api.js';
import { claims } from '../common/signin.js';
import { caseHead, itemsTable, handInForms, caseList } from '../common/case.js';

/** The dev profile's sample person (the README's walk-through); never offered outside dev. */
const SAMPLE_ID_NUMBER = '430405199203152042';

function ratingForm(c, refresh) {
  const out = el('div', { 'aria-live': 'polite' });
  const labels = ['', '非常不满意', '不满意', '一般', '满意', '非常满意'];
  const stars = el('fieldset', { class: 'stars' }, el('legend', {}, '对这次办事打分(好差评)'),
    [5, 4, 3, 2, 1].map(s => el('label', { class: 'choice', for: 'score-' + s }, el('input', { type: 'radio', name: 'score', id: 'score-' + s, value: s, required: true }), `${s} 分 ${labels[s]}`)));
  const comment = el('textarea', { id: 'rating-comment', rows: 2, maxlength: 500 });
  return el('form', { id: 'rating', onsubmit: async e => {
    e.preventDefault();
    const s = stars.querySelector('input:checked');
    if (!s) { clear(out, el('p', { class: 'error', role: 'alert' }, '请先选择分数')); return; }
    try {
      await api(`/cases/${c.caseId}/rating`, { method: 'POST', body: { score: Number(s.value), comment: comment.value.trim() || undefined } });
      sessionStorage.setItem('onego.rated.' + c.caseId, s.value);
      announce('感谢您的评价');
      refresh();
    } catch (err) {
      if (err.status === 409) { sessionStorage.setItem('onego.rated.' + c.caseId, '?'); refresh(); } else clear(out, problemView(err));
    }
  } }, stars, el('label', { for: 'rating-comment' }, '意见建议(选填)'), comment, out, el('button', { type: 'submit', id: 'rate' }, '提交评价'));
}

/** Renders the case; returns a stop function that ends its event stream. */
export async function caseView(main, caseId) {
  const names = await departmentNames();
  const stream = new AbortController();
  const head = el('div', {});
  const table = el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': '各事项进度(可左右滚动)' });
  const actions = el('div', {});
  const live = el('p', { class: 'hint', id: 'stream-state' });
  const log = el('ol', { id: 'events', class: 'elder-hide', reversed: true });
  let last = null;
  const render = async () => {
    let c;
    try { c = (await api('/cases/' + encodeURIComponent(caseId))).body; } catch (e) { clear(head, problemView(e)); return; }
    last = c;
    const replay = JSON.parse(sessionStorage.getItem('onego.lastSubmit') || 'null');
    clear(head, caseHead(c, replay && replay.caseId === c.caseId && replay.replayed
      ? el('p', { class: 'notice ok', id: 'replayed' }, '这份申请此前已经受理，这里是同一个办件(没有重复提交)。') : null));
    clear(table, itemsTable(c, names));
    const finished = c.status === 'COMPLETED' || c.status === 'REJECTED';
    const rated = sessionStorage.getItem('onego.rated.' + c.caseId);
    clear(actions,
      handInForms(c, { refresh: render }),
      c.results ? deliveredView(c) : null,
      finished && !rated ? ratingForm(c, render) : null,
      rated ? el('p', { class: 'notice ok', id: 'rated' }, '您已评价，感谢!') : null,
      !finished && c.status !== 'WITHDRAWN' ? el('button', { type: 'button', class: 'secondary', id: 'withdraw', onclick: async () => {
        if (!confirm('确定撤回这份申请?尚未办结的事项将不再办理。')) return;
        try { await api(`/cases/${c.caseId}/withdraw`, { method: 'POST', body: {} }); render(); } catch (e) { clear(actions, problemView(e)); }
      } }, '撤回申请') : null);
  };
  let pending = null;
  const onEvent = ev => {
    log.prepend(el('li', {}, `${plainDateTime(ev.at)} ${ev.type}${ev.status ? ' → ' + (ITEM_STATUS[ev.status] || CASE_STATUS[ev.status] || ev.status) : ''}${ev.data?.code ? ' (' + ev.data.code + ')' : ''}`));
    if (ev.status && ev.data?.code) {
      const item = last?.items.find(i => i.code === ev.data.code);
      announce(`${item?.name || ev.data.code}:${ITEM_STATUS[ev.status] || ev.status}`);
    }
    clearTimeout(pending);
    pending = setTimeout(render, 250);
  };
  clear(main, head, table, actions, live, el('details', { class: 'elder-hide' }, el('summary', {}, '办理记录'), log),
    el('p', {}, el('a', { href: '#/mine' }, '我的全部办件')));
  await render();
  followEvents(caseId, 0, onEvent, stream.signal, s => { live.textContent = s === 'live' ? '进度实时更新中' : s === 'closed' ? '' : '连接中断，正在重连…'; live.dataset.state = s; });
  return () => stream.abort();
}

const DELIVERY_STATUS = { WAYBILL_PENDING: '正在下单邮寄', WAYBILL_FAILED: '邮寄下单未成功，请联系窗口', SHIPPED: '已交寄',
  IN_TRANSIT: '运输中', OUT_FOR_DELIVERY: '派送中', SIGNED: '已签收', IN_LOCKER: '已放入智能柜', AT_WINDOW: '请到窗口领取', DELIVERED: '已送达' };

/** 一次送达 once the case ended (COMPLETED, REJECTED or WITHDRAWN): what was delivered and how it stands (waybill, pickup code). */
function deliveredView(c) {
  const d = c.delivery || {};
  if (d.status === 'NOTHING_ISSUED') return el('p', { class: 'notice', id: 'delivered' }, '本件没有可送达的办理结果。');
  return el('p', { class: 'notice ok', id: 'delivered' }, `办结结果已按"${DELIVERY[d.method] || '所选方式'}"一次送达;电子证照已存入您的证照库。`,
    d.status ? ` 状态:${DELIVERY_STATUS[d.status] || d.status}。` : '',
    d.waybill ? el('span', {}, ' 邮件号:', el('strong', { id: 'waybill' }, d.waybill)) : null,
    d.pickupCode ? el('span', {}, ' 取件码:', el('strong', { id: 'pickup-code' }, d.pickupCode)) : null);
}

/** The applicant's cases, newest first (GET /applicants/{id}/cases). */
export async function archiveView(main) {
  const saved = JSON.parse(sessionStorage.getItem('onego.draft.newborn') || '{}').applicant?.idNumber;
  // the sample person's number only in the dev profile; elsewhere the signed-in person's own, or nothing
  const dev = (await (await fetch('/pages/signin.json')).json()).profile === 'dev';
  const c = claims();
  const own = c?.role === 'applicant' ? c.sub : null;
  const id = el('input', { id: 'archive-id', value: sessionStorage.getItem('onego.archiveId') || own || saved || (dev ? SAMPLE_ID_NUMBER : ''), maxlength: 18 });
  const out = el('div', { 'aria-live': 'polite' });
  const offersOut = el('div', { id: 'offers', 'aria-live': 'polite' });
  const load = async () => {
    sessionStorage.setItem('onego.archiveId', id.value.trim());
    loadOffers(offersOut, id.value.trim(), load);
    await caseList(out, id.value.trim(), { listId: 'archive', link: c => '#/case/' + c.caseId });
  };
  clear(main, el('h2', {}, '我的办件(一人一档)'),
    el('form', { onsubmit: e => { e.preventDefault(); load(); } }, el('div', { class: 'row' },
      el('div', {}, el('label', { for: 'archive-id' }, '公民身份号码'), id), el('button', { type: 'submit' }, '查询'))),
    el('h3', {}, '免申即享:为您匹配的政策'), offersOut, el('h3', {}, '办件'), out);
  if (id.value.trim()) await load();
}

const OFFER_STATE = { OFFERED: '待确认', CONFIRMED: '已确认办理', DECLINED: '已放弃', EXPIRED: '已过期' };

/**
 * 免申即享 (GET /applicants/{id}/offers): the policies shared data matched, each with 确认办理 (POST /offers/{id}/confirm:
 * the case is filed without a form, and its page opens) and 放弃 (POST /offers/{id}/decline).
 */
async function loadOffers(out, applicantId, reload) {
  try {
    const offers = (await api(`/applicants/${encodeURIComponent(applicantId)}/offers`)).body.offers;
    if (!offers.length) { clear(out, el('p', { class: 'hint' }, '暂无为您匹配的政策。')); return; }
    const act = async (o, what) => {
      try {
        const r = await api(`/offers/${o.offerId}/${what}`, { method: 'POST' });
        if (what === 'confirm') { announce('已确认，办件已提交'); location.hash = '#/case/' + r.body.caseId; }
        else { announce('已放弃'); await reload(); }
      } catch (e) { clear(out, problemView(e)); }
    };
    clear(out, el('ul', { class: 'cards' }, offers.map(o => el('li', { 'data-offer': o.offerId, 'data-state': o.state },
      el('h3', {}, o.name || o.rule),
      el('p', {}, `${OFFER_STATE[o.state] || o.state} · 有效期至 ${plainDate(o.expiresAt)}`),
      o.state === 'OFFERED' ? el('div', { class: 'row' },
        el('button', { type: 'button', class: 'offer-confirm', onclick: () => act(o, 'confirm') }, '确认办理(免填表)'),
        el('button', { type: 'button', class: 'offer-decline secondary', onclick: () => act(o, 'decline') }, '放弃')) : null,
      o.caseId ? el('p', {}, el('a', { href: '#/case/' + o.caseId }, '查看办件')) : null))));
  } catch (e) { clear(out, problemView(e)); }
}
