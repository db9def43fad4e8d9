// The operations page: per department (and per office of a region, 就近办) queue, in flight, oldest age and dead letters; dead letters with replay;
// yellow and red cards (电子监察); the open cards as records (红黄牌: the department's explanation, admin closes with a
// verdict); complaints and ratings (好差评); the plan's 网上可办率 and 掌上可办率 (shares of the
// catalog's high-frequency 事项 that are 全程网办 / 掌上可办) against their targets, with the 事项 still needing a trip to a
// window and why; each channel's share of the cases. Live: a WebSocket subscribed to every department's events refreshes the figures as items move.
import { el, clear, announce, problemView, elderToggle, plainDateTime, ITEM_STATUS } from '../common/ui.js';
import { api, token, liveSocket } from '../common/api.js';
import { signIn } from '../common/signin.js';

const main = document.getElementById('main');
const liveState = document.getElementById('live-state');
let socket = null;
let timer = null;
const charts = {};

const CHANNELS = { pc: 'PC端', mobile: '掌上', miniprogram: '小程序', window: '窗口', community: '社区', kiosk: '自助终端', hotline: '12345' };
const KIND = { complaint: '投诉', report: '举报', 'cannot-get-it-done': '办不成事' };
const pct = v => (v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%');
const age = s => (s === null || s === undefined ? '—' : s < 60 ? `${Math.round(s)} 秒` : s < 3600 ? `${Math.round(s / 60)} 分钟` : `${(s / 3600).toFixed(1)} 小时`);
const table = (id, caption, heads, rows) => el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption }, el('table', { id, class: 'stack' }, el('caption', {}, caption),
  el('thead', {}, el('tr', {}, heads.map(h => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows)));
const cell = (label, ...content) => el('td', { 'data-label': label }, ...content);

function chart(id, type, labels, datasets, label) {
  if (!window.Chart) return el('p', { class: 'hint' }, '图表库未加载');
  const canvas = el('canvas', { id, role: 'img', 'aria-label': label });
  if (charts[id]) charts[id].destroy();
  charts[id] = new window.Chart(canvas, { type, data: { labels, datasets }, options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y', plugins: { legend: { position: 'bottom' } } } });
  return el('figure', {}, el('div', { class: 'chart-box' }, canvas), el('figcaption', { class: 'hint' }, label));
}

async function load(departments) {
  const [queues, stats, dead, yellow, red, complaints, cards] = await Promise.all([
    // one row per (department, region): the department as a whole, then each office of a region with an endpoint of its own (就近办)
    Promise.all(departments.flatMap(d => [{ ...d, label: d.offices ? `${d.name}(全部地区)` : d.name, path: `/departments/${d.code}/queue` },
      ...(d.offices || []).map(o => ({ ...d, region: o.region, dispatchMode: o.dispatchMode, label: `${d.name} · ${o.name}`, path: `/departments/${d.code}/queue?region=${o.region}` }))])
      .map(q => api(q.path).then(r => ({ ...q, ...r.body })).catch(() => ({ ...q, failed: true })))),
    api('/stats').then(r => r.body), api('/admin/dead-letters').then(r => r.body.deadLetters),
    api('/supervision/alerts?level=yellow').then(r => r.body.alerts), api('/supervision/alerts?level=red').then(r => r.body.alerts),
    api('/supervision/complaints?state=OPEN').then(r => r.body.complaints),
    api('/supervision/cards').then(r => r.body.cards.filter(c => c.state !== 'CLOSED'))]);
  const names = Object.fromEntries(departments.map(d => [d.code, d.name]));
  const busy = queues.filter(q => q.queued || q.inFlight || q.deadLettered);
  const hf = stats.highFrequencyItems || {};
  const rate = (id, title, value, target, count) => {
    const meets = value === null || value === undefined ? null : value >= target;
    return el('li', { id, class: meets === false ? 'notice bad' : 'notice ok' }, el('h3', {}, title),
      el('p', {}, el('strong', {}, pct(value)), ` / 目标 ${pct(target)}`, meets === false ? '(未达标)' : meets ? '(达标)' : ''),
      el('p', { class: 'hint' }, `高频事项 ${hf.count ?? 0} 项中 ${count ?? 0} 项`));
  };
  const level = l => (l === 'window' ? '只能到窗口办理' : l?.startsWith('visits:') ? `需到窗口 ${l.slice(7)} 次` : '全程网办');
  const shares = Object.entries(stats.channelShares || {});
  const notFull = hf.notFull || [];
  const byDept = Object.entries(stats.ratings?.byDepartment || {});
  return [
    el('section', { 'aria-labelledby': 'h-overview' }, el('h2', { id: 'h-overview' }, '总览'),
      el('ul', { class: 'cards', id: 'rates' },
        rate('rate-online', '网上可办率(高频事项全程网办)', stats.onlineRate, stats.targets?.onlineRate, hf.full),
        rate('rate-mobile', '掌上可办率(高频事项手机可办)', stats.mobileRate, stats.targets?.mobileRate, hf.mobile),
        el('li', {}, el('h3', {}, '办件'), el('p', {}, `共 ${stats.cases?.total ?? 0} 件;平均办结 ${age(stats.averageCompletionSeconds)}`),
          el('p', { class: 'hint', id: 'channel-shares' }, shares.length ? '渠道占比:' + shares.map(([c, s]) => `${CHANNELS[c] || c} ${pct(s)}`).join('、') : '还没有办件')),
        el('li', {}, el('h3', {}, '好差评'), el('p', {}, `${stats.ratings?.count ?? 0} 次评价，平均 ${stats.ratings?.average ?? '—'} 分`)))),
    el('section', { 'aria-labelledby': 'h-charts' }, el('h2', { id: 'h-charts' }, '图表'), el('div', { class: 'charts' },
      chart('chart-rates', 'bar', ['网上可办率', '掌上可办率'], [
        { label: '现状(%)', data: [stats.onlineRate, stats.mobileRate].map(v => (v ?? 0) * 100), backgroundColor: '#0b4f9c' },
        { label: '目标(%)', data: [stats.targets?.onlineRate, stats.targets?.mobileRate].map(v => (v ?? 0) * 100), backgroundColor: '#8a8d91' }],
        '高频事项网上、掌上可办率与方案目标(衡阳方案 工作目标 95%、90%)'),
      chart('chart-queues', 'bar', busy.map(q => q.label), [
        { label: '排队', data: busy.map(q => q.queued || 0), backgroundColor: '#0b4f9c' },
        { label: '在途', data: busy.map(q => q.inFlight || 0), backgroundColor: '#8a5300' },
        { label: '死信', data: busy.map(q => q.deadLettered || 0), backgroundColor: '#a4161a' }], '有积压的部门:排队、在途、死信件数(详见下表)'),
      chart('chart-ratings', 'bar', byDept.map(([c, r]) => r.name || names[c] || c), [
        { label: '平均分(1-5)', data: byDept.map(([, r]) => r.average), backgroundColor: '#146c2e' }], '各部门好差评平均分(详见评价表)'))),
    el('section', { 'aria-labelledby': 'h-not-full' }, el('h2', { id: 'h-not-full' }, `尚未全程网办的高频事项 ${notFull.length} 项`),
      notFull.length ? table('not-full', '仍需到窗口的高频事项及原因(目录 onlineReason)', ['事项', '办理方式', '原因', '所在一件事'],
        notFull.map(m => el('tr', {}, el('th', { scope: 'row' }, m.name), cell('办理方式', level(m.onlineLevel)), cell('原因', m.onlineReason || ''),
          cell('所在一件事', (m.items || []).join('、'))))) : el('p', {}, '高频事项均已全程网办。')),
    el('section', { 'aria-labelledby': 'h-dead' }, el('h2', { id: 'h-dead' }, `死信(分发失败) ${dead.length} 件`),
      dead.length ? table('dead-letters', '重试用尽的事项:排除故障后重新分发', ['部门', '办件', '尝试次数', '最后错误', '失败时间', '操作'],
        dead.map(d => el('tr', { 'data-item': d.itemId }, cell('部门', names[d.department] || d.department), cell('办件', d.caseId), cell('尝试次数', String(d.attempts)),
          cell('最后错误', d.lastError || ''), cell('失败时间', plainDateTime(d.failedAt)),
          cell('操作', el('button', { type: 'button', class: 'replay', 'data-item': d.itemId, 'aria-label': `重新分发 ${names[d.department] || d.department} 的事项`, onclick: e => replay(e.target, d) }, '重新分发')))))
        : el('p', { id: 'dead-letters-none' }, '没有死信。')),
    el('section', { 'aria-labelledby': 'h-queues' }, el('h2', { id: 'h-queues' }, '各部门队列'),
      table('queues', '每个部门(及其各地办理点)的排队、在途、最久等待和死信', ['部门', '方式', '排队', '在途', '最久等待', '死信'],
        queues.map(q => el('tr', q.region ? { 'data-department': q.code, 'data-region': q.region } : { 'data-department': q.code }, el('th', { scope: 'row' }, q.label), cell('方式', q.dispatchMode === 'pull' ? '拉取' : '推送'),
          cell('排队', q.failed ? '—' : String(q.queued)), cell('在途', q.failed ? '—' : String(q.inFlight)), cell('最久等待', age(q.oldestQueuedAgeSeconds)), cell('死信', q.failed ? '—' : String(q.deadLettered)))))),
    el('section', { 'aria-labelledby': 'h-cards' }, el('h2', { id: 'h-cards' }, `黄牌 ${yellow.length} · 红牌 ${red.length}`),
      [...red, ...yellow].length ? table('alerts', '临近或超过办结期限的事项', ['牌', '事项', '部门', '状态', '期限'],
        [...red, ...yellow].map(a => el('tr', {}, cell('牌', a.level === 'red' ? '红牌(已超期)' : '黄牌(临近期限)'), cell('事项', a.name), cell('部门', names[a.department] || a.department),
          cell('状态', ITEM_STATUS[a.status] || a.status), cell('期限', plainDateTime(a.dueAt))))) : el('p', {}, '没有临期或超期事项。')),
    el('section', { 'aria-labelledby': 'h-open-cards' }, el('h2', { id: 'h-open-cards' }, `待处理的红黄牌 ${cards.length} 张`),
      cards.length ? table('open-cards', '红黄牌:部门说明情况后，由管理员认定(属实则计入部门考核)', ['牌', '原因', '部门', '办件', '亮牌时间', '部门说明', '认定'],
        cards.map(c => el('tr', { 'data-card': c.cardId }, cell('牌', c.level === 'red' ? '红牌' : '黄牌'), cell('原因', CARD_KIND[c.kind] || c.kind),
          cell('部门', names[c.department] || c.department), cell('办件', c.caseId || '—'), cell('亮牌时间', plainDateTime(c.raisedAt)),
          cell('部门说明', c.explanation ? `${c.explanation.reason}(责任人 ${c.explanation.responsiblePerson};整改 ${c.explanation.measures})` : '尚未说明'),
          cell('认定', closeForm(c, names[c.department] || c.department))))) : el('p', { id: 'open-cards-none' }, '没有待处理的红黄牌。')),
    el('section', { 'aria-labelledby': 'h-complaints' }, el('h2', { id: 'h-complaints' }, `差评与投诉待整改 ${complaints.length} 件`),
      complaints.length ? table('complaints', '评分 2 分及以下的办件、投诉、举报和办不成事(未答复)', ['评分', '事项', '渠道', '部门', '意见', '时间'],
        complaints.map(c => el('tr', {}, cell('评分', c.score == null ? (KIND[c.kind] || c.kind) : String(c.score)), cell('事项', c.thing || ''), cell('渠道', c.channel), cell('部门', (c.departments || []).map(d => names[d] || d).join('、')),
          cell('意见', c.comment || ''), cell('时间', plainDateTime(c.createdAt) + (c.overdue ? '(已超期)' : ''))))) : el('p', {}, '没有待整改的差评或投诉。')),
    el('section', { 'aria-labelledby': 'h-ratings' }, el('h2', { id: 'h-ratings' }, '各部门评价'),
      byDept.length ? table('ratings', '好差评:评价次数与平均分', ['部门', '次数', '平均分'],
        byDept.map(([c, r]) => el('tr', {}, el('th', { scope: 'row' }, r.name || names[c] || c), cell('次数', String(r.count)), cell('平均分', String(r.average))))) : el('p', {}, '还没有评价。')),
  ];
}

const CARD_KIND = { deadline: '办理超期', complaint: '投诉逾期未整改', verification: '承诺未按期核查', waiver: '容缺材料逾期未补' };

function closeForm(c, department) {
  const note = el('input', { type: 'text', id: 'note-' + c.cardId, 'aria-label': `${department} 红黄牌的认定意见`, placeholder: '认定意见' });
  const verdict = v => el('button', { type: 'button', class: 'close-card', 'data-verdict': v, onclick: e => closeCard(e.target, c, v, note.value) },
    v === 'upheld' ? '属实' : '撤销');
  return el('span', { class: 'row' }, note, verdict('upheld'), verdict('withdrawn'));
}

async function closeCard(button, c, verdict, note) {
  button.disabled = true;
  try {
    await api(`/supervision/cards/${c.cardId}/close`, { method: 'POST', body: { verdict, note: note || null } });
    announce(verdict === 'upheld' ? '已认定属实，计入部门考核' : '已撤销');
    refreshSoon(300);
  } catch (e) { button.after(problemView(e)); button.disabled = false; }
}

async function replay(button, d) {
  button.disabled = true;
  try {
    await api(`/admin/dead-letters/${d.itemId}/replay`, { method: 'POST', body: {} });
    announce('已重新排队，等待分发');
    button.textContent = '已重新排队';
    button.id = 'replayed-' + d.itemId;
    refreshSoon(300);
  } catch (e) { button.after(problemView(e)); button.disabled = false; }
}

let departments = [];
async function refresh() {
  try {
    const sections = await load(departments);
    const focused = document.activeElement?.id;
    clear(main, el('p', { class: 'hint', id: 'updated' }, '更新于 ' + new Date().toLocaleTimeString('zh-CN')), sections);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  } catch (e) { clear(main, problemView(e)); }
}
function refreshSoon(ms = 1000) { clearTimeout(timer); timer = setTimeout(refresh, ms); }

async function start(signedIn) {
  if (socket) { socket.stop(); socket = null; }
  if (!signedIn) { clear(main, el('p', { class: 'notice' }, '请以管理员身份登录。')); return; }
  departments = (await (await fetch('/api/v1/departments')).json()).departments;
  await refresh();
  socket = liveSocket(send => departments.forEach(d => send({ op: 'subscribe', department: d.code })),
    msg => { if (msg.op !== 'error') refreshSoon(); },
    s => { liveState.textContent = s === 'live' ? '● 实时' : '○ 重连中'; });
}
setInterval(() => { if (token() && departments.length) refreshSoon(0); }, 15_000);

document.getElementById('elder-slot').append(elderToggle());
signIn(document.getElementById('signin-slot'), { accept: k => k.role === 'admin', onChange: start });
