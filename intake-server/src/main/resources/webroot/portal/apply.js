// The application page: notice, applicant, items, the one form (prefilled from shared data), materials, delivery,
// then one submission (common/submit.js: one Idempotency-Key per body, kept across a reload). The draft is kept
// in sessionStorage too, so a reload shows the same answers and resubmits the same body.
import { el, clear, announce, problemView, DELIVERY, elderOn } from '../common/ui.js';
import { api, token } from '../common/api.js';
import { submitOnce, pendingSubmission } from '../common/submit.js';
import { claims } from '../common/signin.js';
import { schemaForm } from '../common/schema-form.js';
import { remountMaterials } from '../common/materials.js';
import { itemChooser } from '../common/items.js';
import { noticeView } from '../common/notice.js';

const DEMO = { name: '李娜', idNumber: '430405199203152042', phone: '13800138000' };
const draftKey = code => 'onego.draft.' + code;

/** An enterprise applicant (applicantTypes ["enterprise"]): name, 统一社会信用代码, phone. */
function enterpriseFields(saved) {
  const f = (id, label, value, attrs = {}) => el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, value: value || '', required: true, ...attrs }));
  return el('fieldset', { id: 'applicant', 'data-type': 'enterprise' }, el('legend', {}, '申请企业'),
    f('ap-name', '企业名称', saved?.name), f('ap-credit', '统一社会信用代码', saved?.creditCode, { maxlength: 18, autocomplete: 'off' }),
    f('ap-phone', '联系电话', saved?.phone, { type: 'tel', autocomplete: 'tel', inputmode: 'numeric' }));
}

function applicantFields(saved, dev) {
  const c = claims() || {};
  const v = { ...(dev ? DEMO : {}), ...(c.sub ? { idNumber: c.sub, name: c.name || '', phone: c.phone_number || '' } : {}), ...saved };
  const f = (id, label, value, attrs = {}) => el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, value: value || '', required: true, ...attrs }));
  return el('fieldset', { id: 'applicant' }, el('legend', {}, '申请人'),
    f('ap-name', '姓名', v.name, { autocomplete: 'name' }),
    f('ap-id', '公民身份号码', v.idNumber, { maxlength: 18, autocomplete: 'off' }),
    f('ap-phone', '手机号码', v.phone, { type: 'tel', autocomplete: 'tel', inputmode: 'numeric' }));
}

export async function applyView(main, code, setStop) {
  const [notice, signin] = await Promise.all([
    fetch('/api/v1/things/' + encodeURIComponent(code)).then(r => { if (!r.ok) throw new Error('没有这件事'); return r.json(); }),
    fetch('/pages/signin.json').then(r => r.json())]);
  const draft = JSON.parse(sessionStorage.getItem(draftKey(code)) || '{}');
  const itemNames = Object.fromEntries(notice.items.map(i => [i.code, i.name]));
  const formSlot = el('div', { id: 'form-slot' });
  const materialSlot = el('div', {});
  const status = el('div', { id: 'submit-status', 'aria-live': 'assertive' });
  const enterprise = Array.isArray(notice.applicantTypes) && !notice.applicantTypes.includes('person');
  const applicant = enterprise ? enterpriseFields(draft.applicant) : applicantFields(draft.applicant, signin.profile === 'dev');
  const idOf = () => (applicant.querySelector('#ap-id') || applicant.querySelector('#ap-credit')).value.trim().toUpperCase();
  let form = null;
  let materials = null;
  let prefill = {};

  const loadForm = async chosen => {
    const saved = form ? form.values() : draft.form || {};
    const schema = (await api(`/things/${code}/form?items=${chosen.join(',')}`).catch(() => null))?.body || notice.form;
    form = schemaForm(schema, { prefill, saved, itemNames });
    clear(formSlot, form.node);
    materials = remountMaterials(materialSlot, notice, chosen, { holderId: idOf, fieldValue: n => (form ? form.values()[n] : ''), saved: draft.materials || {}, allowFiles: !elderOn() }, materials);
  };
  const items = itemChooser(notice, { saved: draft.items, onChange: chosen => loadForm(chosen) });

  const prefillButton = el('button', { type: 'button', class: 'secondary', id: 'prefill', onclick: async () => {
    if (!token()) { clear(status, el('p', { class: 'notice bad' }, '请先登录再从共享数据预填。')); return; }
    try {
      prefill = (await api(`/things/${code}/prefill?idNumber=${encodeURIComponent(idOf())}`)).body.fields || {};
      form = null;
      await loadForm(items.chosen());
      announce(`已从共享数据预填 ${Object.keys(prefill).length} 项，请核对`);
    } catch (e) { clear(status, problemView(e)); }
  } }, '从共享数据预填(人口库、户籍库)');

  const deliveryBox = el('fieldset', { id: 'delivery' }, el('legend', {}, '结果怎么送达(一次送达)'),
    notice.deliveryMethods.map((d, k) => el('label', { class: 'choice', for: 'dl-' + d },
      el('input', { type: 'radio', name: 'delivery', id: 'dl-' + d, value: d, checked: (draft.delivery?.method || notice.deliveryMethods[0]) === d }), DELIVERY[d] || d)),
    el('label', { for: 'dl-address' }, '邮寄或自取地址(选择邮寄、智能柜时填写)'), el('input', { id: 'dl-address', value: draft.delivery?.address || '' }));

  const body = () => {
    const method = deliveryBox.querySelector('input[name=delivery]:checked').value;
    const address = deliveryBox.querySelector('#dl-address').value.trim();
    const b = {
      thing: code, items: items.chosen(),
      applicant: { type: enterprise ? 'enterprise' : 'person', [enterprise ? 'creditCode' : 'idNumber']: idOf(),
        name: applicant.querySelector('#ap-name').value.trim(), phone: applicant.querySelector('#ap-phone').value.trim() },
      form: form.values(), ...materials.body(),
      delivery: address && method !== 'electronic' ? { method, address } : { method },
    };
    const prerequisites = items.prerequisites();
    if (prerequisites.length) b.prerequisites = prerequisites;
    return b;
  };
  const saveDraft = () => {
    const b = body();
    sessionStorage.setItem(draftKey(code), JSON.stringify({ items: b.items, applicant: b.applicant, form: b.form, materials: materials.choices(), delivery: b.delivery }));
  };

  const submit = async e => {
    e.preventDefault();
    if (!token()) { clear(status, el('p', { class: 'notice bad', role: 'alert' }, '请先登录(页面右上角)再提交。')); return; }
    form.clearErrors();
    saveDraft();
    const b = body();
    const button = e.target.querySelector('button[type=submit]');
    button.disabled = true;
    clear(status, el('p', {}, '正在提交…'));
    try {
      const res = await submitOnce(code, b, wait => clear(status, el('p', {}, `系统繁忙，${wait} 秒后自动重试(不会重复提交)…`)));
      sessionStorage.removeItem(draftKey(code));
      sessionStorage.setItem('onego.lastSubmit', JSON.stringify({ caseId: res.caseId, replayed: res.replayed }));
      location.hash = '#/case/' + res.caseId;
    } catch (err) {
      const marked = form.showErrors(err.details);
      clear(status, problemView(err), marked ? el('p', {}, '请按红字提示修改后再提交。') : null);
    } finally {
      button.disabled = false;
    }
  };

  const pending = pendingSubmission(code);
  clear(main,
    el('h2', {}, notice.name),
    pending ? el('p', { class: 'notice', id: 'pending-note' }, '您上次的提交可能没有收到结果。请再次点击提交:同一份申请只会受理一次。') : null,
    noticeView(notice),
    el('form', { id: 'apply', novalidate: true, onsubmit: submit, onchange: () => { if (form && materials) saveDraft(); } },
      el('h3', {}, '1. 申请人'), applicant,
      el('h3', {}, '2. 选择事项'), items.node,
      el('h3', {}, '3. 填写一张表'), el('p', { class: 'hint' }, '各事项需要的信息只填一次;标"已预填"的来自政务共享数据。'), prefillButton, formSlot,
      el('h3', {}, '4. 一套材料'), materialSlot,
      el('h3', {}, '5. 结果送达'), deliveryBox,
      status,
      el('button', { type: 'submit', id: 'submit' }, '提交申请')));
  setStop(() => {});
  if (!enterprise && token() && !draft.form && idOf().length === 18) prefillButton.click();
}
