// 帮办代办: the person at the window files for the applicant. Their name, ID number, phone, relation, and the
// authorization recorded: at a window the clerk may take a signed paper power of attorney (fileRef: the scan's
// number) or check an electronic one (ecertRef). Sent as the contract's "agent" of POST /cases.
import { el } from '../common/ui.js';

const RELATIONS = ['子女', '配偶', '父母', '其他亲属', '委托代理人', '社区帮办员', '窗口帮办人员'];

export function agentSection() {
  const on = el('input', { type: 'checkbox', id: 'agent-on' });
  const f = (id, label, attrs = {}) => el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, ...attrs }));
  const relation = el('select', { id: 'agent-relation' }, RELATIONS.map(r => el('option', { value: r }, r)));
  const how = (id, value, text, checked) => el('label', { class: 'choice', for: id }, el('input', { type: 'radio', name: 'auth-how', id, value, checked }), text);
  const details = el('div', { id: 'agent-details', hidden: true },
    f('agent-name', '代办人姓名', { autocomplete: 'off' }),
    f('agent-id', '代办人公民身份号码', { maxlength: 18, autocomplete: 'off' }),
    f('agent-phone', '代办人手机号码', { type: 'tel', inputmode: 'numeric', autocomplete: 'off' }),
    el('div', { class: 'field' }, el('label', { for: 'agent-relation' }, '与申请人关系'), relation),
    el('fieldset', {}, el('legend', {}, '授权委托(必须记录)'),
      how('auth-file', 'file', '已收取纸质授权委托书(填写扫描件编号)', true),
      how('auth-ecert', 'ecert', '电子授权委托书(填写电子证照编号)', false),
      f('agent-auth-ref', '委托书编号', { autocomplete: 'off' })));
  on.addEventListener('change', () => { details.hidden = !on.checked; });
  const node = el('fieldset', { id: 'agent' }, el('legend', {}, '代办(帮办代办)'),
    el('label', { class: 'choice', for: 'agent-on' }, on, '由到场的代办人为申请人办理'), details);
  const v = id => node.querySelector('#' + id).value.trim();
  return {
    node,
    /** The agent object of the contract, or undefined when the applicant is here in person. */
    body() {
      if (!on.checked) return undefined;
      const ref = v('agent-auth-ref');
      const viaFile = node.querySelector('#auth-file').checked;
      return { name: v('agent-name'), idNumber: v('agent-id').toUpperCase(), phone: v('agent-phone'), relation: relation.value,
        authorization: viaFile ? { fileRef: ref } : { ecertRef: ref } };
    },
  };
}
