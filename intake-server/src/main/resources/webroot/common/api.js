// The public API (/api/v1) as the pages use it: the bearer token of this browser tab, the contract's
// error body turned into an ApiProblem, progress events over SSE (read with fetch, which can send the
// Authorization header that EventSource cannot) and the WebSocket (token as ?access_token=).
const BASE = '/api/v1';
const TOKEN = 'onego.token';

export function token() { return sessionStorage.getItem(TOKEN); }
export function setToken(t) { if (t) sessionStorage.setItem(TOKEN, t); else sessionStorage.removeItem(TOKEN); }

/** A refusal in the contract's terms: status, code, message, details [{field, reason}]. */
export class ApiProblem extends Error {
  constructor(status, error, retryAfter) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'HTTP_' + status;
    this.details = error?.details || [];
    this.retryAfter = retryAfter;
  }
}

/** One request; resolves {status, body, headers} for 2xx, rejects with ApiProblem otherwise (or a TypeError offline). */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const h = { Accept: 'application/json', ...headers };
  const t = token();
  if (t) h.Authorization = 'Bearer ' + t;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) throw new ApiProblem(res.status, json?.error, Number(res.headers.get('Retry-After')) || null);
  return { status: res.status, body: json, headers: res.headers };
}

/**
 * Follows a case's events (Server-Sent Events over fetch): calls onEvent(event) for each, resumes after the last
 * seq seen when the stream ends or breaks, until signal aborts. onState('live'|'retrying') tells the page.
 */
export async function followEvents(caseId, after, onEvent, signal, onState = () => {}) {
  let last = after || 0;
  while (!signal.aborted) {
    try {
      const res = await fetch(`${BASE}/cases/${encodeURIComponent(caseId)}/events?after=${last}`, {
        headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + token() }, signal,
      });
      if (res.status === 401 || res.status === 403 || res.status === 404) { onState('closed'); return; }
      if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
      onState('live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let end;
        while ((end = buf.search(/\r?\n\r?\n/)) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end).replace(/^\r?\n\r?\n/, '');
          const data = block.split(/\r?\n/).filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
          if (!data) continue; // a heartbeat comment
          const ev = JSON.parse(data);
          if (typeof ev.seq === 'number' && ev.seq > last) { last = ev.seq; onEvent(ev); }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    onState('retrying');
    await new Promise(r => setTimeout(r, 2000));
  }
}

/** A WebSocket to /api/v1/ws; reopens after a close until stop() is called. onOpen(send) subscribes again. */
export function liveSocket(onOpen, onMessage, onState = () => {}) {
  let ws = null;
  let stopped = false;
  const open = () => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}${BASE}/ws?access_token=${encodeURIComponent(token() || '')}`);
    ws.onopen = () => { onState('live'); onOpen(msg => ws.send(JSON.stringify(msg))); };
    ws.onmessage = e => { try { onMessage(JSON.parse(e.data)); } catch { /* not JSON: ignore */ } };
    ws.onclose = () => { onState('retrying'); if (!stopped) setTimeout(open, 3000); };
  };
  open();
  return { stop() { stopped = true; if (ws) ws.close(); } };
}

/** A fresh Idempotency-Key (printable ASCII, well under 255 characters). */
export function newKey() {
  return 'web-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(16).slice(2));
}
