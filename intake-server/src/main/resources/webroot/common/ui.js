// Small DOM helpers every page uses: element building (text only, never HTML strings), plain Chinese words
// for statuses, dates as people read them, a live region for screen readers, and the 长者专版 switch.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function clear(node, ...children) { node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined)); return node; }

export const ITEM_STATUS = {
  WAITING: '等待前序事项', QUEUED: '排队待分发', DISPATCHED: '已送达部门', ACCEPTED: '部门已受理', IN_PROGRESS: '办理中', SUSPENDED: '特别程序中(暂停计时)',
  COMPLETED: '已办结', REJECTED: '不予办理', RETURNED: '需要补正', CANCELLED: '已撤回', DELIVERY_FAILED: '分发失败，正在处理',
  REVOKED: '已撤销(承诺不实)',
};
export const CASE_STATUS = {
  SUBMITTED: '已提交', IN_PROGRESS: '办理中', NEEDS_SUPPLEMENT: '需要补正材料', COMPLETED: '全部办结', REJECTED: '不予办理', WITHDRAWN: '已撤回',
};
/** The channels a case came in by (and the dev keys' channels), as the pages name them. */
export const CHANNEL = { pc: 'PC门户', mobile: '掌上(湘易办)', window: '综合窗口', kiosk: '自助终端', miniprogram: '小程序', community: '社区' };
export const DELIVERY = { electronic: '电子证照(网上送达)', window: '窗口领取', ems: '邮寄(EMS)', locker: '智能柜自取' };
export const LIFECYCLE = { personal: '个人', enterprise: '企业(法人)', project: '工程建设项目' };

const WEEKDAYS = '日一二三四五六';
/** '2026年12月3日(星期四)' in the case's own time zone (the offset the server wrote). */
export function plainDate(iso) {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return `${+m[1]}年${+m[2]}月${+m[3]}日(星期${WEEKDAYS[d.getUTCDay()]})`;
}
export function plainDateTime(iso) {
  if (!iso) return '—';
  const t = /T(\d{2}):(\d{2})/.exec(iso);
  return plainDate(iso) + (t ? ` ${t[1]}:${t[2]}` : '');
}

/** Says msg to screen readers (polite) and, where a page shows it, in the status line. */
export function announce(msg) {
  let live = document.getElementById('live');
  if (!live) { live = el('div', { id: 'live', class: 'sr-only', 'aria-live': 'polite', role: 'status' }); document.body.append(live); }
  live.textContent = '';
  setTimeout(() => { live.textContent = msg; }, 50);
}

/** A refusal shown to a person: the message and, per field, what is wrong. */
export function problemView(e) {
  const list = (e.details || []).map(d => el('li', { text: `${d.field}: ${d.reason}` }));
  return el('div', { class: 'notice bad', role: 'alert' },
    el('p', { text: e.status ? `没有成功(${e.code}):${e.message}` : '网络不通，请稍后再试(已填写的内容不会丢失)。' }),
    list.length ? el('ul', {}, list) : null);
}

const ELDER = 'onego.elder';
export function elderOn() { return localStorage.getItem(ELDER) === '1'; }
function applyElder() { document.documentElement.classList.toggle('elder', elderOn()); }
applyElder();

/** The 长者专版 switch: a real button with aria-pressed, one click from every page. */
export function elderToggle(onChange = () => {}) {
  const b = el('button', { type: 'button', id: 'elder-toggle', class: 'secondary', 'aria-pressed': String(elderOn()) }, '长者专版');
  b.addEventListener('click', () => {
    localStorage.setItem(ELDER, elderOn() ? '0' : '1');
    applyElder();
    b.setAttribute('aria-pressed', String(elderOn()));
    announce(elderOn() ? '已切换到长者专版:大字、高对比、步骤更少' : '已切换到标准版');
    onChange(elderOn());
  });
  return b;
}

/** Departments' names by code (public catalog), fetched once per page. */
let departments = null;
export async function departmentNames() {
  if (!departments) {
    const res = await fetch('/api/v1/departments');
    const body = await res.json();
    departments = Object.fromEntries(body.departments.map(d => [d.code, d.name]));
  }
  return departments;
}
