// Choosing items (国办 三(二): all or part of a thing's items): alternatives as one radio group, items that by law go
// together checked together, and for a prerequisite left out, what can prove it instead, all said in words.
import { el } from './ui.js';

/** Renders the choice; onChange(chosenCodes) after every change. Returns {node, chosen(), prerequisites()}. */
export function itemChooser(notice, { saved, onChange }) {
  const items = notice.items;
  const byCode = Object.fromEntries(items.map(i => [i.code, i]));
  const name = c => byCode[c]?.name || c;
  const firstOfGroup = new Set();
  const seenGroups = new Set();
  for (const i of items) if (i.alternativeGroup && !i.optional && !seenGroups.has(i.alternativeGroup)) { seenGroups.add(i.alternativeGroup); firstOfGroup.add(i.code); }
  // the default selection (as the server's): every item that is not optional, the first of each alternative group
  const initially = saved ? new Set(saved) : new Set(items.filter(i => !i.optional && (!i.alternativeGroup || firstOfGroup.has(i.code))).map(i => i.code));
  const boxes = new Map();
  const proofInputs = new Map();
  const explain = el('div', { id: 'item-explain', 'aria-live': 'polite' });

  const chosen = () => items.filter(i => boxes.get(i.code).checked).map(i => i.code);
  const chosenInGroupOf = (dep, set) => byCode[dep]?.alternativeGroup
    && items.some(i => i.alternativeGroup === byCode[dep].alternativeGroup && set.has(i.code));
  const refresh = (changed) => {
    if (changed) {
      const i = byCode[changed];
      const on = boxes.get(changed).checked;
      for (const other of i.mandatoryWith || []) if (boxes.has(other)) boxes.get(other).checked = on;
    }
    const set = new Set(chosen());
    const lines = [];
    for (const c of set) {
      for (const dep of byCode[c].dependsOn || []) {
        if (set.has(dep)) { lines.push(el('li', {}, `「${name(c)}」在「${name(dep)}」办结后自动开始,无需再跑一次。`)); continue; }
        if (chosenInGroupOf(dep, set)) continue; // waits for whichever alternative of dep's group was chosen
        const proofs = (byCode[c].prerequisiteProofs || []).filter(p => p.item === dep);
        const ways = proofs.flatMap(p => [...(p.ecerts || []).map(c => `电子证照「${c.name}」`), p.sharedData ? `共享数据核验(${p.sharedData.sourceName || p.sharedData.source})` : null]).filter(Boolean);
        const id = `proof-${c}-${dep}`;
        if (!proofInputs.has(id)) proofInputs.set(id, { item: dep, input: el('input', { id, type: 'text', autocomplete: 'off' }) });
        lines.push(el('li', {}, `「${name(c)}」需要「${name(dep)}」已经办结。您没有选择它，请提供证明:${ways.length ? ways.join('或') : '已取得的电子证照'}。`,
          el('label', { for: id }, `「${name(dep)}」的电子证照编号`), proofInputs.get(id).input));
      }
      if ((byCode[c].mandatoryWith || []).length) lines.push(el('li', {}, `「${name(c)}」须与「${byCode[c].mandatoryWith.map(name).join('、')}」一并办理(法定并行)。`));
    }
    explain.replaceChildren(lines.length ? el('ul', {}, lines) : el('p', { class: 'hint' }, '所选事项相互独立，各部门同时办理。'));
    onChange(chosen());
  };

  const groups = new Map();
  const rows = [];
  for (const i of items) {
    const id = 'item-' + i.code;
    const attrs = { id, value: i.code, 'data-item': i.code, checked: initially.has(i.code) };
    const input = i.alternativeGroup ? el('input', { ...attrs, type: 'radio', name: 'alt-' + i.alternativeGroup }) : el('input', { ...attrs, type: 'checkbox' });
    boxes.set(i.code, input);
    input.addEventListener('change', () => refresh(i.code));
    const label = el('label', { for: id, class: 'choice' }, input,
      el('span', {}, i.name, el('span', { class: 'hint' }, ` · ${i.departmentName || i.department} · ${i.timeLimitDays} 个工作日`),
        i.optional ? el('span', { class: 'hint', 'data-qualifies': i.code }, ` · 可选，符合条件者勾选:${i.conditions || ''}`) : null));
    if (i.alternativeGroup) {
      if (!groups.has(i.alternativeGroup)) {
        const fs = el('fieldset', {}, el('legend', {}, '以下事项按实际情况选其一'));
        groups.set(i.alternativeGroup, fs);
        rows.push(fs);
      }
      groups.get(i.alternativeGroup).append(label);
    } else rows.push(label);
  }
  const node = el('fieldset', { id: 'items' }, el('legend', {}, '选择要办的事项(可全选或只选部分)'), rows, explain);
  queueMicrotask(() => refresh(null));
  return {
    node,
    chosen,
    prerequisites() {
      const set = new Set(chosen());
      return [...proofInputs.entries()]
        .filter(([, p]) => !set.has(p.item) && !chosenInGroupOf(p.item, set) && p.input.isConnected && p.input.value.trim())
        .map(([, p]) => ({ item: p.item, ecertRef: p.input.value.trim() }));
    },
  };
}
