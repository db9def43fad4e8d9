// The window console (综合窗口, 一窗受理): a clerk takes one application for the person at the counter (or their
// agent), sees the 容缺 and 告知承诺 options of each material, submits once, and prints or downloads the receipt;
// and, for the person present (线上线下融合), looks up their cases from every channel and hands in 补正 and owed
// 容缺 materials for them.
import { el, clear, announce, problemView, elderToggle, departmentNames, DELIVERY } from '../common/ui.js';
import { api, token } from '../common/api.js';
import { caseHead, itemsTable, handInForms, caseList } from '../common/case.js';
import { signIn } from '../common/signin.js';
import { schemaForm } from '../common/schema-form.js';
import { remountMaterials } from '../common/materials.js';
import { itemChooser } from '../common/items.js';
import { noticeView } from '../common/notice.js';
import { submitOnce } from '../common/submit.js';
import { agentSection } from './agent.js';
import { receiptView, receiptFile } from './receipt.js';

const main = document.getElementById('main');

async function start() {
  if (!token()) { clear(main, el('p', { class: 'notice' }, '请先登录(窗口工作人员)。')); return; }
  const things = (await (await fetch('/api/v1/things')).json()).things;
  const pick = el('select', { id: 'thing' }, el('option', { value: '' }, '请选择要办的一件事'), things.map(t => el('option', { value: t.code }, t.name)));
  const work = el('div', { id: 'work' });
  pick.addEventListener('change', () => { if (pick.value) takeApplication(work, pick.value); else clear(work); });
  clear(main, el('div', { class: 'no-print' }, el('h2', {}, '受理一件事'), el('div', { class: 'field' }, el('label', { for: 'thing' }, '事项'), pick)), work,
    servedPersonSection());
}

/**
 * 为在场群众查询办件: the clerk, having checked the ID card of the person at the counter, types their ID number and
 * gets their cases from every channel (as applicant, agent or an enterprise's legal representative). Every request
 * names that person in X-Served-Person, which is what lets a window see a case it did not file; the number is kept
 * in this view only (the next person at the counter starts afresh), never in the browser's storage.
 */
function servedPersonSection() {
  const id = el('input', { id: 'served-id', maxlength: 18, autocomplete: 'off', required: true });
  const list = el('div', { id: 'served-cases', 'aria-live': 'polite' });
  const pane = el('div', { id: 'served-case' });
  const lookUp = async e => {
    e.preventDefault();
    const person = id.value.trim().toUpperCase();
    clear(pane);
    if (!person) { clear(list, el('p', { class: 'error', role: 'alert' }, '请输入公民身份号码')); return; }
    const headers = { 'X-Served-Person': person };
    await caseList(list, person, { headers, listId: 'served-list', open: c => servedCaseView(pane, c.caseId, headers) });
  };
  return el('section', { id: 'served', class: 'no-print', 'aria-labelledby': 'served-title' },
    el('h2', { id: 'served-title' }, '为在场群众查询办件'),
    el('p', { class: 'hint' }, '核验身份证件后输入在场群众的公民身份号码，查看其在各渠道的办件，并为其提交补正、补交容缺材料。'),
    el('form', { id: 'served-form', novalidate: true, onsubmit: lookUp }, el('div', { class: 'row' },
      el('div', {}, el('label', { for: 'served-id' }, '在场群众的公民身份号码'), id),
      el('button', { type: 'submit', id: 'served-search' }, '查询办件'))),
    list, pane);
}

/** One of the served person's cases as the portal shows it (items, statuses, due dates) with its hand-in forms. */
async function servedCaseView(pane, caseId, headers) {
  const names = await departmentNames();
  const render = async () => {
    let c;
    try { c = (await api('/cases/' + encodeURIComponent(caseId), { headers })).body; } catch (e) { clear(pane, problemView(e)); return; }
    clear(pane, caseHead(c),
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': '各事项进度(可左右滚动)' }, itemsTable(c, names)),
      handInForms(c, { headers, refresh: render }),
      el('button', { type: 'button', class: 'secondary', id: 'served-refresh', onclick: render }, '刷新进度'));
  };
  await render();
  const heading = pane.querySelector('h2');
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
}

async function takeApplication(work, code) {
  const notice = await (await fetch('/api/v1/things/' + code)).json();
  const itemNames = Object.fromEntries(notice.items.map(i => [i.code, i.name]));
  const f = (id, label, attrs = {}) => el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, required: true, autocomplete: 'off', ...attrs }));
  const applicant = el('fieldset', { id: 'applicant' }, el('legend', {}, '申请人(核验身份证件后录入)'),
    f('ap-name', '姓名'), f('ap-id', '公民身份号码', { maxlength: 18 }), f('ap-phone', '手机号码', { type: 'tel', inputmode: 'numeric' }));
  const idOf = () => applicant.querySelector('#ap-id').value.trim().toUpperCase();
  const agent = agentSection();
  const formSlot = el('div', { id: 'form-slot' });
  const materialSlot = el('div', {});
  const status = el('div', { 'aria-live': 'assertive', id: 'submit-status' });
  let form = null;
  let materials = null;
  let prefill = {};
  const loadForm = async chosen => {
    const saved = form ? form.values() : {};
    const schema = (await api(`/things/${code}/form?items=${chosen.join(',')}`).catch(() => null))?.body || notice.form;
    form = schemaForm(schema, { prefill, saved, itemNames });
    clear(formSlot, form.node);
    materials = remountMaterials(materialSlot, notice, chosen, { holderId: idOf, fieldValue: n => (form ? form.values()[n] : '') }, materials);
  };
  const items = itemChooser(notice, { onChange: loadForm });
  const prefillButton = el('button', { type: 'button', class: 'secondary', id: 'prefill', onclick: async () => {
    try {
      prefill = (await api(`/things/${code}/prefill?idNumber=${encodeURIComponent(idOf())}`)).body.fields || {};
      form = null;
      await loadForm(items.chosen());
      announce(`已从共享数据预填 ${Object.keys(prefill).length} 项`);
    } catch (e) { clear(status, problemView(e)); }
  } }, '按身份证号从共享数据预填');
  const delivery = el('select', { id: 'delivery' }, notice.deliveryMethods.map(d => el('option', { value: d, selected: d === 'window' }, DELIVERY[d] || d)));
  const address = el('input', { id: 'delivery-address' });
  const body = () => {
    const b = {
      thing: code, items: items.chosen(),
      applicant: { type: 'person', idNumber: idOf(), name: applicant.querySelector('#ap-name').value.trim(), phone: applicant.querySelector('#ap-phone').value.trim() },
      form: form.values(), ...materials.body(),
      delivery: address.value.trim() ? { method: delivery.value, address: address.value.trim() } : { method: delivery.value },
    };
    const a = agent.body();
    if (a) b.agent = a;
    const prerequisites = items.prerequisites();
    if (prerequisites.length) b.prerequisites = prerequisites;
    return b;
  };
  const submit = async e => {
    e.preventDefault();
    form.clearErrors();
    const b = body();
    const button = e.target.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const res = await submitOnce('window.' + code, b, wait => clear(status, el('p', {}, `系统繁忙，${wait} 秒后重试…`)));
      const c = (await api('/cases/' + res.caseId)).body;
      showReceipt(work, c, notice, b);
    } catch (err) {
      form.showErrors(err.details);
      clear(status, problemView(err));
    } finally {
      button.disabled = false;
    }
  };
  // 一次告知 for the clerk too: each item's 设定依据 (legalBasis) and, for an optional item, who qualifies
  clear(work, el('div', { class: 'no-print' }, noticeView(notice)),
    el('form', { id: 'window-form', novalidate: true, onsubmit: submit },
      applicant, agent.node,
      el('h3', {}, '事项'), items.node,
      el('h3', {}, '申请表'), prefillButton, formSlot,
      el('h3', {}, '材料(可容缺受理、告知承诺)'), materialSlot,
      el('fieldset', {}, el('legend', {}, '结果送达'), el('label', { for: 'delivery' }, '方式'), delivery, el('label', { for: 'delivery-address' }, '地址(邮寄时填写)'), address),
      status, el('button', { type: 'submit', id: 'submit' }, '受理并出具回执')));
}

function showReceipt(work, c, notice, sent) {
  const receipt = receiptView(c, notice, sent);
  const download = el('button', { type: 'button', class: 'secondary', id: 'download-receipt', onclick: async () => {
    const url = URL.createObjectURL(await receiptFile(receipt));
    const a = el('a', { href: url, download: `受理回执-${c.caseId}.html` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } }, '下载回执');
  clear(work, receipt, el('div', { class: 'row no-print' },
    el('button', { type: 'button', id: 'print-receipt', onclick: () => window.print() }, '打印回执'), download,
    el('button', { type: 'button', class: 'secondary', onclick: () => start() }, '受理下一件')));
  announce('已受理，回执已生成');
  receipt.querySelector('h2').setAttribute('tabindex', '-1');
  receipt.querySelector('h2').focus();
}

document.getElementById('elder-slot').append(elderToggle());
signIn(document.getElementById('signin-slot'), { accept: k => k.role === 'channel' && k.channel === 'window', onChange: () => start() });
