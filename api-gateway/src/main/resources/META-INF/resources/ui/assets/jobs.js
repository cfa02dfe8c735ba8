'use strict';
// /ui: the caller's jobs (newest first, paged with the API's cursor) and the submit form, whose
// problem+json errors are shown under the field their JSON pointer names.
(function () {
  const {call, onKey, Unauthorized, age, el, fmt} = window.ScalingAR;
  const FIELDS = ['prompt', 'n', 'strategy', 'seed'];
  const cursors = [null]; // cursors[i] opens page i; the last is the page shown
  let loading = false;

  async function load() {
    if (loading) return;
    loading = true;
    try {
      const cursor = cursors[cursors.length - 1];
      const {status, body} = await call('/v1/jobs?limit=20' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      if (status !== 200) {
        document.getElementById('form-error').textContent = (body && body.detail) || ('HTTP ' + status);
        return;
      }
      render(body);
    } catch (e) {
      if (!(e instanceof Unauthorized)) throw e;
    } finally {
      loading = false;
    }
  }

  function render(page) {
    const tbody = document.querySelector('#jobs tbody');
    tbody.replaceChildren(...page.jobs.map(row));
    document.getElementById('jobs-empty').hidden = page.jobs.length > 0;
    const older = document.getElementById('older');
    older.hidden = !page.next_cursor;
    older.dataset.cursor = page.next_cursor || '';
    document.getElementById('newer').hidden = cursors.length <= 1;
  }

  function row(job) {
    const tr = el('tr');
    tr.append(el('td', job.status, {class: 'status status-' + job.status}));
    const prompt = el('td');
    const link = el('a', (job.request && job.request.prompt) || job.job_id, {href: '/ui/jobs/' + encodeURIComponent(job.job_id)});
    prompt.append(link);
    tr.append(prompt);
    tr.append(el('td', job.request ? job.request.strategy : ''));
    const t = job.tokens;
    tr.append(el('td', t ? fmt(t.used) + ' / ' + (t.saved !== undefined ? fmt(t.saved) : '–') : '–'));
    tr.append(el('td', job.created_at ? age(job.created_at) : '', {title: job.created_at || ''}));
    return tr;
  }

  function clearErrors() {
    for (const f of FIELDS) {
      document.getElementById(f + '-error').textContent = '';
      document.getElementById(f).removeAttribute('aria-invalid');
    }
    document.getElementById('form-error').textContent = '';
  }

  /** Each errors[] entry under the field its pointer names (/prompt, /n, ...); others under the form. */
  function showProblem(problem) {
    const errors = (problem && problem.errors) || [];
    const general = [];
    let first = null;
    for (const e of errors) {
      const field = (e.pointer || '').replace(/^\//, '');
      if (FIELDS.includes(field)) {
        document.getElementById(field + '-error').textContent = e.detail;
        document.getElementById(field).setAttribute('aria-invalid', 'true');
        first = first || field;
      } else {
        general.push((e.pointer ? e.pointer + ': ' : '') + e.detail);
      }
    }
    if (errors.length === 0 || general.length > 0) {
      const title = problem && problem.title ? problem.title + ': ' : '';
      document.getElementById('form-error').textContent = title + (general.join('; ') || (problem && problem.detail) || 'failed');
    }
    if (first) document.getElementById(first).focus();
  }

  async function submit(e) {
    e.preventDefault();
    clearErrors();
    const spec = {prompt: document.getElementById('prompt').value};
    const n = document.getElementById('n').value;
    if (n !== '') spec.n = Number(n);
    spec.strategy = document.getElementById('strategy').value;
    const seed = document.getElementById('seed').value;
    if (seed !== '') spec.seed = Number(seed);
    try {
      const {status, body} = await call('/v1/jobs', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(spec)});
      if (status === 202) {
        window.location.assign('/ui/jobs/' + encodeURIComponent(body.job_id));
      } else {
        showProblem(body);
      }
    } catch (err) {
      if (!(err instanceof Unauthorized)) throw err;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('submit-form').addEventListener('submit', submit);
    document.getElementById('refresh').addEventListener('click', load);
    document.getElementById('older').addEventListener('click', (e) => {
      cursors.push(e.target.dataset.cursor);
      load();
    });
    document.getElementById('newer').addEventListener('click', () => {
      cursors.pop();
      load();
    });
    onKey(load);
  });
})();
