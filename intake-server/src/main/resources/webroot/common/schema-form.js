// The one merged form, generated from the published JSON Schema (GET /things/{code}/form?items=...).
// Each property becomes a labelled control; required ones say so; values from shared data (GET .../prefill)
// are filled in and marked with their source; fields an earlier chosen item produces ("x-from-item",
// readOnly) are shown as such and never sent. Optional fields sit in a fold (hidden in 长者专版).
import { el } from './ui.js';

const FORMAT_HINT = { 'id-number': '18位公民身份号码', phone: '11位手机号码', 'credit-code': '18位统一社会信用代码', date: '年-月-日', 'date-time': '年-月-日 时:分(北京时间)' };

function control(name, p, required) {
  const id = 'f-' + name;
  const common = { id, name, required: required || null, 'aria-describedby': `${id}-hint ${id}-err` };
  if (Array.isArray(p.enum)) {
    return el('select', common, el('option', { value: '' }, '请选择'), p.enum.map(v => el('option', { value: v }, v)));
  }
  if (p.type === 'boolean') return el('select', common, el('option', { value: '' }, '请选择'), el('option', { value: 'true' }, '是'), el('option', { value: 'false' }, '否'));
  if (p.type === 'integer' || p.type === 'number') {
    return el('input', { ...common, type: 'number', step: p.type === 'integer' ? '1' : 'any', min: p.minimum ?? null, max: p.maximum ?? null });
  }
  const attrs = { ...common, type: 'text', maxlength: p.maxLength ?? null, minlength: p.minLength ?? null };
  // dates as typed text: native date pickers are hard to use by keyboard and screen reader
  if (p.format === 'date-time') { attrs.placeholder = '例如 2026-11-20 08:30'; attrs.inputmode = 'numeric'; }
  else if (p.format === 'date') { attrs.placeholder = '例如 2026-11-20'; attrs.inputmode = 'numeric'; }
  else if (p.format === 'phone') { attrs.type = 'tel'; attrs.autocomplete = 'tel'; attrs.inputmode = 'numeric'; }
  else if (p.format === 'email') attrs.type = 'email';
  if (p.pattern) attrs.pattern = p.pattern.replace(/^\^/, '').replace(/\$$/, '');
  return el('input', attrs);
}

function toJson(p, raw) {
  if (raw === '') return undefined;
  if (p.type === 'integer') return Number.parseInt(raw, 10);
  if (p.type === 'number') return Number(raw);
  if (p.type === 'boolean') return raw === 'true';
  if (p.format === 'date-time') {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(raw);
    return m ? `${m[1]}T${m[2]}${m[3] || ':00'}+08:00` : raw; // 北京时间 when no offset is typed
  }
  return raw;
}

function fromJson(p, v) {
  if (v === null || v === undefined) return '';
  if (p.format === 'date-time') return String(v).slice(0, 16).replace('T', ' ');
  return String(v);
}

/**
 * Renders schema into a fragment. prefill: {field: {value, source}} from the prefill answer; sources: the
 * x-prefill names; saved: values to restore (a reload). Returns {node, values(), showErrors(details), clearErrors()}.
 */
export function schemaForm(schema, { prefill = {}, saved = {}, itemNames = {} } = {}) {
  const required = new Set(schema.required || []);
  const mainPart = el('div', {});
  const optional = el('div', {});
  const controls = new Map();
  for (const [name, p] of Object.entries(schema.properties || {})) {
    const id = 'f-' + name;
    if (p['x-from-item'] || p.readOnly) {
      const from = itemNames[p['x-from-item']] || p['x-from-item'] || '前序事项';
      mainPart.append(el('div', { class: 'field' }, el('span', { class: 'hint', id }, `${p.title || name}:由「${from}」办结后自动带入，无需填写`)));
      continue;
    }
    const input = control(name, p, required.has(name));
    const pre = prefill[name];
    const value = saved[name] !== undefined ? saved[name] : pre ? pre.value : undefined;
    if (value !== undefined) input.value = fromJson(p, value);
    const hints = [p.description, FORMAT_HINT[p.format]].filter(Boolean).join(';');
    const badges = [];
    if (required.has(name)) badges.push(el('span', { class: 'badge required' }, '必填'));
    if (pre) badges.push(el('span', { class: 'badge prefill', 'data-prefilled': name }, `已从${p['x-prefill']?.name || pre.source}预填，请核对`));
    const box = el('div', { class: 'field' },
      el('label', { for: id }, p.title || name, badges),
      el('p', { class: 'hint', id: `${id}-hint` }, hints),
      input,
      el('p', { class: 'error', id: `${id}-err` }));
    (required.has(name) ? mainPart : optional).append(box);
    controls.set(name, { input, p, box });
  }
  const node = el('div', {}, mainPart,
    optional.childElementCount ? el('details', { class: 'optional' }, el('summary', {}, '选填信息(可不填)'), optional) : null);
  return {
    node,
    values() {
      const out = {};
      for (const [name, { input, p }] of controls) {
        const v = toJson(p, input.value.trim());
        if (v !== undefined) out[name] = v;
      }
      return out;
    },
    /** Marks the fields the server named ("form.<field>"); returns how many were found here. */
    showErrors(details) {
      let n = 0;
      for (const d of details || []) {
        const name = (d.field || '').replace(/^form\./, '');
        const c = controls.get(name);
        if (!c) continue;
        n++;
        c.input.setAttribute('aria-invalid', 'true');
        c.box.querySelector('.error').textContent = d.reason === 'required' ? '请填写此项' : `请检查:${d.reason}`;
        if (n === 1) c.input.focus();
      }
      return n;
    },
    clearErrors() {
      for (const { input, box } of controls.values()) { input.removeAttribute('aria-invalid'); box.querySelector('.error').textContent = ''; }
    },
  };
}
