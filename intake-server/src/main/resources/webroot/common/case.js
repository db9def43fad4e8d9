// One case as people read it, for the portal (the applicant themself) and the window (the person at the counter):
// its heading and status, the items with their statuses, clocks, due dates and results, the 补正 form of a RETURNED
// item and the 容缺 hand-in form, and a person's list of cases page by page. Every request takes the caller's extra
// headers (the window's X-Served-Person naming the person it serves), so both pages send the same calls.
import { el, clear, announce, problemView, plainDate, plainDateTime, ITEM_STATUS, CASE_STATUS, CHANNEL, DELIVERY } from './ui.js';
import { api } from './api.js';

const PROCEDURES = { 'site-inspection': '现场勘验', 'technical-review': '技术审查', hearing: '听证论证', appraisal: '鉴定', publicity: '公示', 'expert-review': '专家评审' };

function resultView(result) {
  if (!result) return '—';
  const certs = (result.certificates || []).map(c => el('li', {}, `${c.type || '证照'}:${c.number || ''}`, c.ecertRef ? el('span', { class: 'hint' }, `(电子证照 ${c.ecertRef})`) : null,
    c.revoked ? el('strong', { class: 'error' }, '(已撤销，证照作废)') : null));
  const values = Object.entries(result.values || {}).map(([k, v]) => el('li', {}, `${k}:${v}`));
  return certs.length || values.length ? el('ul', {}, certs, values) : '—';
}

// The item's clock in plain words: running (used of limit working days) or why it stands still.
function clockView(i) {
  const k = i.clock;
  if (!k) return null;
  const stopped = k.stoppedDays ? `，暂停计时共 ${k.stoppedDays} 个工作日` : '';
  let text;
  if (i.status === 'SUSPENDED') text = `暂停计时:${PROCEDURES[i.suspension?.procedure] || '特别程序'}` + (i.suspension?.until ? `(至 ${i.suspension.until})` : '');
  else if (i.status === 'RETURNED') text = '补正中，计时暂停';
  else if (i.status === 'WAITING') text = '尚未开始计时';
  else if (k.state === 'running') text = `已用 ${k.usedDays} / ${k.limitDays} 个工作日` + stopped;
  else text = `用时 ${k.usedDays} / ${k.limitDays} 个工作日` + stopped;
  return el('small', { class: 'clock', 'data-clock': k.state }, ' · ' + text);
}

/** The case's heading, number and status line; `note` (a node or null) right under the heading. */
export function caseHead(c, note = null) {
  return [
    el('h2', {}, c.thingName || c.thing),
    note,
    el('p', {}, '办件编号:', el('strong', { id: 'case-id' }, c.caseId)),
    el('p', {}, '当前状态:', el('strong', { id: 'case-status', class: 'status ' + c.status, 'data-status': c.status }, CASE_STATUS[c.status] || c.status),
      ` · 提交于 ${plainDateTime(c.createdAt)}`, c.delivery ? ` · 送达方式:${DELIVERY[c.delivery.method] || c.delivery.method}` : ''),
    c.agent ? el('p', {}, `代办人:${c.agent.name || ''}(${c.agent.relation || ''})`) : null];
}

/** The items' table: department (names by code), status, due date with the clock, result. */
export function itemsTable(c, names) {
  return el('table', { id: 'items-table', class: 'stack' },
    el('caption', {}, '各事项进度'),
    el('thead', {}, el('tr', {}, ['事项', '部门', '状态', '办结期限', '办结结果'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, c.items.map(i => el('tr', { 'data-item': i.code },
      el('th', { scope: 'row' }, i.name),
      el('td', { 'data-label': '部门' }, names[i.department] || i.department),
      el('td', { 'data-label': '状态' }, el('span', { class: 'status ' + i.status, 'data-status': i.status }, ITEM_STATUS[i.status] || i.status)),
      el('td', { 'data-label': '办结期限' }, (i.dueAtProvisional ? '约 ' : '') + plainDate(i.dueAt) + ' 前', clockView(i)),
      el('td', { 'data-label': '办结结果' }, resultView(i.result))))));
}

function supplementForm(c, item, { headers, refresh }) {
  const missing = item.missing || [];
  const firstMaterial = missing.find(m => m.material);
  const code = el('input', { id: `sup-code-${item.itemId}`, value: firstMaterial ? firstMaterial.material : '' });
  const ref = el('input', { id: `sup-ref-${item.itemId}`, value: '' });
  const out = el('div', { 'aria-live': 'polite' });
  return el('form', { class: 'notice', 'data-supplement': item.itemId, onsubmit: async e => {
    e.preventDefault();
    try {
      const m = code.value.trim() ? [{ code: code.value.trim(), [ref.value.startsWith('EC-') ? 'ecertRef' : 'fileRef']: ref.value.trim() }] : [];
      await api(`/cases/${c.caseId}/items/${item.itemId}/supplement`, { method: 'POST', body: { materials: m, form: {} }, headers });
      announce('补正材料已提交，事项重新排队办理');
      refresh();
    } catch (err) { clear(out, problemView(err)); }
  } },
  el('p', {}, `「${item.name}」需要补正:${item.result?.note || item.note || '请按部门要求补充材料'}`),
  missing.length ? el('ul', { class: 'missing' }, missing.map(m => el('li', {},
    m.material ? `材料(代码 ${m.material})` : `表单字段(${m.field})`, m.reason ? `:${m.reason}` : ''))) : null,
  el('label', { for: code.id }, '材料代码'), code, el('label', { for: ref.id }, '电子证照或文件编号'), ref, out,
  el('button', { type: 'submit' }, '提交补正'));
}

/** 容缺: the materials accepted at intake without being supplied, each with its due date, and a form to hand one in. */
function owedForm(c, { headers, refresh }) {
  const owed = (c.owed || []).filter(o => o.state === 'OWED' || o.state === 'OVERDUE');
  const ref = el('input', { id: 'owed-ref', value: '' });
  const pick = el('select', { id: 'owed-code' }, owed.map(o => el('option', { value: o.material }, o.name || o.material)));
  const out = el('div', { 'aria-live': 'polite' });
  return el('form', { class: 'notice', id: 'owed', onsubmit: async e => {
    e.preventDefault();
    try {
      const value = ref.value.trim();
      await api(`/cases/${c.caseId}/materials`, { method: 'POST', body: { materials: [{ code: pick.value, [value.startsWith('EC-') ? 'ecertRef' : 'fileRef']: value }] }, headers });
      announce('容缺材料已补交');
      refresh();
    } catch (err) { clear(out, problemView(err)); }
  } },
  el('p', {}, '容缺受理，尚需补交:'),
  el('ul', {}, owed.map(o => el('li', {}, `${o.name || o.material}:请于 ${plainDate(o.dueAt)} 前补交`, o.state === 'OVERDUE' ? el('strong', { class: 'error' }, '(已逾期)') : null))),
  el('label', { for: pick.id }, '补交的材料'), pick, el('label', { for: ref.id }, '电子证照或文件编号'), ref, out,
  el('button', { type: 'submit' }, '补交材料'));
}

/**
 * What can be handed in for the case now: a 补正 form per RETURNED item and the 容缺 form while materials are owed.
 * headers: extra request headers (the window's X-Served-Person); refresh(): draws the case again after a hand-in.
 */
export function handInForms(c, { headers = {}, refresh }) {
  return [
    ...c.items.filter(i => i.status === 'RETURNED').map(i => supplementForm(c, i, { headers, refresh })),
    (c.owed || []).some(o => o.state === 'OWED' || o.state === 'OVERDUE') && c.status !== 'WITHDRAWN' ? owedForm(c, { headers, refresh }) : null];
}

/**
 * A person's cases, newest first (GET /applicants/{id}/cases), into out: thing, status, submitted time and channel per
 * case; while the answer has a `next` page token, a button fetches the next page (?before=next) below. link(c): the
 * address of the case's page, or open(c): what opening a case does on this page. listId: the list's element id.
 */
export async function caseList(out, idNumber, { headers = {}, listId, link, open }) {
  const path = `/applicants/${encodeURIComponent(idNumber)}/cases`;
  const list = el('ul', { class: 'cards', id: listId });
  const more = el('div', {});
  const card = c => {
    const name = c.thingName || c.thing;
    return el('li', { 'data-case': c.caseId },
      el('h3', {}, link ? el('a', { href: link(c) }, name) : name),
      el('p', {}, `${CASE_STATUS[c.status] || c.status} · ${plainDateTime(c.createdAt)} · ${CHANNEL[c.channel] || c.channel || ''}`),
      open ? el('button', { type: 'button', class: 'secondary open-case', 'aria-label': `查看「${name}」(${c.caseId})`, onclick: () => open(c) }, '查看办件') : null);
  };
  const page = async before => {
    const body = (await api(path + (before ? '?before=' + encodeURIComponent(before) : ''), { headers })).body;
    list.append(...body.cases.map(card));
    clear(more, body.next ? el('button', { type: 'button', class: 'secondary', id: listId + '-more', onclick: async e => {
      e.target.disabled = true;
      try { await page(body.next); announce('已加载更多办件'); } catch (err) { e.target.disabled = false; clear(more, problemView(err)); }
    } }, '更多办件') : null);
    return body.cases.length;
  };
  try {
    const shown = await page(null);
    clear(out, shown ? [list, more] : el('p', {}, '还没有办件。'));
  } catch (e) { clear(out, problemView(e)); }
}
