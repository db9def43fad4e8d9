// 受理回执: what the clerk prints or hands over: case number, items with their time limits and due dates, what is
// still owed (容缺 materials and 告知承诺 commitments), the agent and authorization recorded, and a QR code of the
// case's page in the portal, drawn by the node (GET /pages/qr.svg).
import { el, plainDate, plainDateTime, DELIVERY } from '../common/ui.js';

const mask = id => id && id.length > 7 ? id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4) : id || '';

export function receiptView(c, notice, sent) {
  const link = `${location.origin}/portal/#/case/${c.caseId}`;
  const chosen = new Set(c.items.map(i => i.code));
  const given = new Set((sent.materials || []).map(m => m.code));
  const committed = new Set(sent.commitments || []);
  const owed = notice.materials.filter(m => m.usedBy.some(u => chosen.has(u)) && !given.has(m.code));
  const byCode = Object.fromEntries(notice.items.map(i => [i.code, i]));
  const dueBy = Object.fromEntries((c.owed || []).map(o => [o.material, o.dueAt]));
  const agent = sent.agent;
  return el('section', { id: 'receipt', 'aria-labelledby': 'receipt-title' },
    el('h2', { id: 'receipt-title' }, '受理回执'),
    el('div', { class: 'row' },
      el('div', {},
        el('p', {}, '办件编号:', el('strong', { id: 'receipt-case' }, c.caseId)),
        el('p', {}, `事项:${c.thingName || c.thing}`),
        el('p', {}, `受理时间:${plainDateTime(c.createdAt)} · 受理渠道:综合窗口`),
        el('p', {}, `申请人:${sent.applicant?.name || ''}(${mask(sent.applicant?.idNumber)})`),
        agent ? el('p', { id: 'receipt-agent' }, `代办人:${agent.name}(${mask(agent.idNumber)},${agent.relation});授权委托:${agent.authorization?.fileRef ? '纸质委托书 ' + agent.authorization.fileRef : '电子委托书 ' + (agent.authorization?.ecertRef || '')}`) : null,
        el('p', {}, `结果送达:${DELIVERY[sent.delivery?.method] || sent.delivery?.method || ''}`)),
      el('figure', { style: 'flex: 0 0 10rem; margin: 0' },
        el('img', { id: 'receipt-qr', src: '/pages/qr.svg?text=' + encodeURIComponent(link), width: 160, height: 160, alt: '扫码查看办理进度:' + link }),
        el('figcaption', { class: 'hint' }, '扫码查看办理进度'))),
    el('table', { class: 'stack' },
      el('caption', {}, '办理事项与时限'),
      el('thead', {}, el('tr', {}, ['事项', '部门', '承诺时限', '办结期限'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, c.items.map(i => el('tr', {},
        el('th', { scope: 'row' }, i.name),
        el('td', { 'data-label': '部门' }, byCode[i.code]?.departmentName || i.department),
        el('td', { 'data-label': '承诺时限' }, `${byCode[i.code]?.timeLimitDays ?? '—'} 个工作日`),
        el('td', { 'data-label': '办结期限' }, plainDate(i.dueAt)))))),
    el('h3', {}, '尚需补齐'),
    owed.length ? el('ul', { id: 'receipt-owed' }, owed.map(m => el('li', {}, m.name,
      committed.has(m.code) ? '(已签署告知承诺，按承诺期限核查)'
        : dueBy[m.code] ? `(容缺受理，请于 ${plainDate(dueBy[m.code])} 前补交)` : '(容缺受理，请在办结前补交)'))) : el('p', { id: 'receipt-owed' }, '无:材料已齐全。'),
    el('p', { class: 'hint' }, `进度查询:${link} · 12345 热线`));
}

/** The receipt as one self-contained HTML file (styles and the QR code inlined), for the download button. */
export async function receiptFile(node) {
  const [css, svg] = await Promise.all([
    fetch('/common/onego.css').then(r => r.text()),
    fetch(node.querySelector('#receipt-qr').getAttribute('src')).then(r => r.text())]);
  const copy = node.cloneNode(true);
  copy.querySelector('#receipt-qr').setAttribute('src', 'data:image/svg+xml;base64,' + btoa(svg));
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>受理回执</title><style>${css}</style></head><body><main>${copy.outerHTML}</main></body></html>`;
  return new Blob([html], { type: 'text/html;charset=utf-8' });
}
