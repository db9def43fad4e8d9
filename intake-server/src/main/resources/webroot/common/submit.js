// POST /cases exactly once per application, however often it is sent: the Idempotency-Key is kept with the body in
// sessionStorage (slot), so a reload or a retry after a lost answer sends the same key with the same body and gets
// the one case back (Idempotency-Replayed), never a second case. A changed body gets a new key. 503 / 429 / 409
// IDEMPOTENCY_IN_PROGRESS wait their Retry-After and try again with the same key, three times at most.
import { api, newKey } from './api.js';

export function pendingSubmission(slot) { return sessionStorage.getItem('onego.pending.' + slot) !== null; }

/** Resolves {caseId, replayed, body} of the 201; rejects with the ApiProblem of the last try. onWait(seconds) before a retry. */
export async function submitOnce(slot, body, onWait = () => {}) {
  const text = JSON.stringify(body);
  const stored = JSON.parse(sessionStorage.getItem('onego.pending.' + slot) || 'null');
  const key = stored && stored.body === text ? stored.key : newKey();
  sessionStorage.setItem('onego.pending.' + slot, JSON.stringify({ key, body: text }));
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await api('/cases', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      sessionStorage.removeItem('onego.pending.' + slot);
      return { caseId: res.body.caseId, replayed: res.headers.get('Idempotency-Replayed') === 'true', body: res.body };
    } catch (err) {
      if ((err.status === 503 || err.status === 429 || (err.status === 409 && err.code === 'IDEMPOTENCY_IN_PROGRESS')) && attempt < 4) {
        const wait = err.retryAfter || 2;
        onWait(wait);
        await new Promise(r => setTimeout(r, 1000 * wait));
        continue;
      }
      if (err.status === 422 && err.code === 'IDEMPOTENCY_KEY_REUSED') sessionStorage.removeItem('onego.pending.' + slot);
      throw err;
    }
  }
}
