// The one-time notice (一次告知) laid out for a person: every item with its department, time limit in working
// days, fee, legal basis (设定依据), conditions (for an optional item: who qualifies), what is issued, what it waits
// for and what can stand in for that; the one set of materials.
import { el, DELIVERY } from './ui.js';

export function noticeView(notice) {
  const byCode = Object.fromEntries(notice.items.map(i => [i.code, i]));
  const name = c => byCode[c]?.name || c;
  const rows = notice.items.map(i => el('tr', {},
    el('th', { scope: 'row' }, i.name, i.optional ? el('span', { class: 'badge' }, '可选') : null),
    el('td', { 'data-label': '部门' }, i.departmentName || i.department),
    el('td', { 'data-label': '时限' }, `${i.timeLimitDays} 个工作日`),
    el('td', { 'data-label': '费用' }, i.fee ? `${i.fee} 元` : '免费'),
    el('td', { 'data-label': '设定依据' }, i.legalBasis || '—'),
    el('td', { 'data-label': '条件' }, i.optional ? `仅符合条件者办理(默认不选):${i.conditions || '—'}` : (i.conditions || '—')),
    el('td', { 'data-label': '办结得到' }, [...(i.results || []), ...(i.produces?.certificates || []).map(c => c.name), ...(i.produces?.values || []).map(v => v.title)]
      .filter((v, k, a) => a.indexOf(v) === k).join('、') || '—'),
    el('td', { 'data-label': '先后与替代' }, [
      (i.dependsOn || []).length ? `在「${i.dependsOn.map(name).join('、')}」办结后开始` : '',
      ...(i.prerequisiteProofs || []).map(p => `未一并申请「${name(p.item)}」时可用${[...(p.ecerts || []).map(c => `电子证照「${c.name}」`), p.sharedData ? `共享数据核验(${p.sharedData.sourceName || p.sharedData.source})` : null].filter(Boolean).join('或')}证明`),
      i.alternativeGroup ? '与同组事项选其一' : '',
      (i.mandatoryWith || []).length ? `须与「${i.mandatoryWith.map(name).join('、')}」一并办理` : '',
    ].filter(Boolean).join(';') || '—')));
  const materials = notice.materials.map(m => el('li', {}, m.name,
    m.ecertType ? el('span', { class: 'badge prefill' }, '可用电子证照') : null,
    m.waivable ? el('span', { class: 'badge' }, '可容缺') : null,
    m.commitmentAllowed ? el('span', { class: 'badge' }, '可告知承诺') : null,
    el('span', { class: 'hint' }, ` 用于:${m.usedBy.map(name).join('、')}`)));
  return el('details', { id: 'notice', class: 'notice', open: !document.documentElement.classList.contains('elder') },
    el('summary', {}, '一次告知:办这件事需要什么(点击展开或收起)'),
    el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': '一次告知:各事项(可左右滚动)' }, el('table', { class: 'stack' },
      el('caption', { class: 'sr-only' }, '各事项的办理部门、时限、费用、设定依据、条件和结果'),
      el('thead', {}, el('tr', {}, ['事项', '部门', '时限', '费用', '设定依据', '条件', '办结得到', '先后与替代'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows))),
    el('h3', {}, '一套材料'), el('ul', {}, materials),
    el('p', {}, '结果送达方式:' + notice.deliveryMethods.map(d => DELIVERY[d] || d).join('、')));
}
