// One set of materials (一套材料): per material the chosen items need, how it is given: an electronic certificate
// instead of an upload (电子证照, checked against GET /ecerts/{ref}), a file reference, 容缺 (given later) or
// 告知承诺 (a written commitment) where the catalog allows.
import { el, clear } from './ui.js';
import { api } from './api.js';

/**
 * Renders the materials of `chosen` items. holderId: the applicant's number; fieldValue(name): a form field's value.
 * Each material's certificate is offered for whom its `about` names (EC-<type>-<id> in the dev platform; a real
 * portal lists the person's certificates from its 电子证照库): intake refuses anyone else's. Returns {node, body()}.
 */
export function materialsChooser(notice, chosen, { holderId = () => '', fieldValue = () => '', saved = {}, allowFiles = true } = {}) {
  // the first person the material's `about` names who is filled in; the applicant when none is
  const holderOf = m => {
    for (const a of m.about || []) {
      const v = a === 'applicant' || a === 'any' ? holderId() : a === 'agent' ? '' : String(fieldValue(a) || '').trim().toUpperCase();
      if (v) return v;
    }
    return holderId();
  };
  const set = new Set(chosen);
  // 一次联办: a material an earlier chosen item issues (fromItem: {user: producer}) is not asked of the applicant
  const issued = (m, c) => m.fromItem && m.fromItem[c] && set.has(m.fromItem[c]);
  const name = c => notice.items.find(i => i.code === c)?.name || c;
  const needed = notice.materials.filter(m => m.usedBy.some(c => set.has(c) && !issued(m, c)));
  const fromItems = notice.materials.filter(m => !needed.includes(m) && m.usedBy.some(c => set.has(c)));
  const rows = [];
  const readers = [];
  for (const m of needed) {
    const opts = [];
    const mk = (how, text) => {
      const id = `mat-${m.code}-${how}`;
      const r = el('input', { type: 'radio', id, name: 'mat-' + m.code, value: how, 'data-material': m.code });
      opts.push({ how, r, label: el('label', { for: id, class: 'choice' }, r, text) });
      return r;
    };
    const ref = el('input', { id: `mat-${m.code}-ref`, type: 'text', autocomplete: 'off' });
    const check = el('p', { class: 'hint', 'aria-live': 'polite' });
    if (m.ecertType) mk('ecert', '使用电子证照(无需上传)');
    if (allowFiles || !m.ecertType) mk('file', '提交材料文件(扫描件或窗口收取的纸质材料编号)');
    if (m.waivable) mk('waive', '容缺受理:先受理，材料在办结前补齐');
    if (m.commitmentAllowed) mk('commit', '告知承诺:签署承诺书代替此材料');
    const prior = saved[m.code];
    const initial = opts.find(o => o.how === prior?.how) || opts[0];
    if (initial) initial.r.checked = true;
    const refLabel = el('label', { for: ref.id });
    const sync = () => {
      const how = opts.find(o => o.r.checked)?.how;
      const needsRef = how === 'ecert' || how === 'file';
      ref.hidden = refLabel.hidden = !needsRef;
      ref.required = needsRef;
      refLabel.textContent = how === 'ecert' ? '电子证照编号' : '文件编号';
      if (how === 'ecert' && (!ref.value || ref.dataset.auto === '1')) { ref.value = `EC-${m.ecertType}-${holderOf(m)}`; ref.dataset.auto = '1'; }
      if (how === 'file' && ref.dataset.auto === '1') { ref.value = ''; ref.dataset.auto = ''; }
    };
    if (prior?.ref && !prior.auto) { ref.value = prior.ref; ref.dataset.auto = ''; }
    opts.forEach(o => o.r.addEventListener('change', sync));
    ref.addEventListener('input', () => { ref.dataset.auto = ''; });
    sync();
    const verify = m.ecertType ? el('button', { type: 'button', class: 'secondary elder-hide', onclick: async () => {
      try {
        const c = (await api('/ecerts/' + encodeURIComponent(ref.value.trim()))).body;
        check.textContent = c.valid ? `有效:${c.type} ${c.number},持证人 ${c.holder?.name || ''},${c.issuedBy || ''}` : '此电子证照无效';
      } catch (e) { check.textContent = e.status === 404 ? '找不到此电子证照' : '暂时无法核验:' + e.message; }
    } }, '核验电子证照') : null;
    const when = m.usedBy.filter(c => set.has(c) && !issued(m, c)).map(name).join('、');
    rows.push(el('fieldset', { class: 'material' }, el('legend', {}, m.name),
      el('p', { class: 'hint' }, `用于:${when}`), opts.map(o => o.label), refLabel, ref, verify, check));
    readers.push(() => {
      const how = opts.find(o => o.r.checked)?.how;
      // an offered certificate follows the applicant's ID number as typed now, until the clerk edits it
      if (how === 'ecert' && ref.dataset.auto === '1') ref.value = `EC-${m.ecertType}-${holderOf(m)}`;
      return { code: m.code, how, ref: ref.value.trim(), auto: ref.dataset.auto === '1' };
    });
  }
  const node = el('div', { id: 'materials' }, rows.length ? rows : el('p', {}, '所选事项不需要提交材料。'),
    fromItems.map(m => el('p', { class: 'hint', 'data-from-item': m.code },
      `${m.name}:由「${[...new Set(m.usedBy.filter(c => set.has(c)).map(c => name(m.fromItem[c])))].join('、')}」办结后自动取得，无需提交。`)));
  return {
    node,
    choices() { return Object.fromEntries(readers.map(r => { const c = r(); return [c.code, c]; })); },
    /** {materials, commitments} of the contract's POST /cases. */
    body() {
      const materials = [];
      const commitments = [];
      for (const r of readers) {
        const c = r();
        if (c.how === 'ecert' && c.ref) materials.push({ code: c.code, ecertRef: c.ref });
        else if (c.how === 'file' && c.ref) materials.push({ code: c.code, fileRef: c.ref });
        else if (c.how === 'commit') commitments.push(c.code);
      }
      return { materials, commitments };
    },
  };
}

/** Replaces the chooser in slot (keeping what was chosen) when the chosen items change. */
export function remountMaterials(slot, notice, chosen, options, previous) {
  const next = materialsChooser(notice, chosen, { ...options, saved: previous ? previous.choices() : options.saved });
  clear(slot, next.node);
  return next;
}
