'use strict';
// /ui/jobs/{id}: one job, live. The state comes from GET /v1/jobs/{id}; a running job is then
// followed over its Server-Sent Events, opened with a short-lived stream token (EventSource
// cannot send the Authorization header, and the key never goes into a URL). A finished job's
// chart is drawn from its stored trace.
(function () {
  const {call, onKey, Unauthorized, fmt} = window.ScalingAR;
  const jobId = decodeURIComponent(window.location.pathname.split('/').pop());
  const TERMINAL = ['completed', 'failed', 'cancelled'];
  let chart;
  let source = null;
  let pruned = 0;
  let fullBestOfN = null;
  let reconnects = 0;
  let finished = false;

  const $ = (id) => document.getElementById(id);

  async function start() {
    chart = chart || new ConfidenceChart($('chart'), $('chart-caption'));
    let job;
    try {
      const r = await call('/v1/jobs/' + encodeURIComponent(jobId));
      if (r.status === 404) {
        notFound(r.body);
        return;
      }
      if (r.status !== 200) {
        $('job-error').textContent = (r.body && r.body.detail) || 'HTTP ' + r.status;
        return;
      }
      job = r.body;
    } catch (e) {
      if (e instanceof Unauthorized) return;
      throw e;
    }
    $('job').hidden = false;
    $('job-id').textContent = job.job_id;
    $('job-prompt').textContent = job.request ? job.request.prompt : '';
    $('job-strategy').textContent = job.request ? job.request.strategy + ', n = ' + job.request.n + ', seed ' + job.request.seed : '';
    showStatus(job);
    if (job.status === 'completed') {
      await showResult(job);
    } else if (!TERMINAL.includes(job.status)) {
      follow();
    }
  }

  /** Another tenant's job answers 404 exactly like a missing one; so does its page. */
  function notFound(problem) {
    document.title = 'Not found · ScalingAR';
    $('job').hidden = true;
    $('not-found').hidden = false;
    $('not-found-detail').textContent = '404: ' + ((problem && problem.detail) || 'no such job for this API key');
  }

  function showStatus(job) {
    $('job-status').textContent = job.status;
    $('job-status').className = 'status status-' + job.status;
    const p = job.progress;
    if (p) {
      $('job-step').textContent = p.step + ' / ' + p.total_steps;
      if (p.live_trajectories !== undefined) $('job-live').textContent = p.live_trajectories;
      pruned = Math.max(pruned, p.pruned_trajectories || 0);
      $('job-pruned').textContent = pruned;
      if (job.request) fullBestOfN = job.request.n * p.total_steps;
    }
    if (job.tokens) tokens(job.tokens.used, job.tokens.full_bon || fullBestOfN);
    if (job.error) $('job-error').textContent = job.error.reason + ': ' + job.error.message;
  }

  function tokens(used, full) {
    if (full) fullBestOfN = full;
    $('job-tokens').textContent = fmt(used) + (fullBestOfN ? ' / ' + fmt(fullBestOfN) + ' (' + Math.round(100 * used / fullBestOfN) + ' %)' : '');
  }

  async function follow() {
    let grant;
    try {
      const r = await call('/v1/jobs/' + encodeURIComponent(jobId) + '/stream-token', {method: 'POST'});
      if (r.status !== 200) {
        $('job-error').textContent = (r.body && r.body.detail) || 'HTTP ' + r.status;
        return;
      }
      grant = r.body;
    } catch (e) {
      if (e instanceof Unauthorized) return;
      throw e;
    }
    source = new EventSource(grant.events_url);
    const on = (name, f) => source.addEventListener(name, (e) => f(JSON.parse(e.data)));
    on('status', (job) => {
      $('job').dataset.stream = 'open'; // the first event of the stream: from now on nothing is missed
      showStatus(job);
    });
    on('started', (s) => {
      fullBestOfN = s.trajectories * s.total_steps;
      $('job-status').textContent = 'running';
      $('job-live').textContent = s.trajectories;
    });
    on('progress', (p) => {
      $('job-status').textContent = 'running';
      $('job-status').className = 'status status-running';
      $('job-step').textContent = p.step + ' / ' + p.total_steps;
      $('job-live').textContent = p.live_trajectories;
      tokens(p.visual_tokens, null);
      if (p.curve) chart.addCurve(p.curve);
    });
    on('pruned', (p) => {
      pruned += 1;
      $('job-pruned').textContent = pruned;
      chart.pruneAt(p.trajectory, p.step, p.confidence);
    });
    for (const name of TERMINAL) {
      on(name, () => finish());
    }
    source.onerror = () => {
      // The server ends the stream after the terminal event; anything else: ask afresh, a few times.
      stop();
      if (!finished && reconnects++ < 5) setTimeout(start, 2000);
    };
  }

  function stop() {
    if (source) source.close(); // no automatic reconnect: a finished job's stream would only repeat
    source = null;
  }

  async function finish() {
    finished = true;
    stop();
    const r = await call('/v1/jobs/' + encodeURIComponent(jobId));
    if (r.status === 200) {
      showStatus(r.body);
      if (r.body.status === 'completed') await showResult(r.body);
    }
  }

  async function showResult(job) {
    finished = true;
    const res = job.result;
    $('result').hidden = false;
    $('result-image').src = res.image_url;
    $('result-candidates').src = res.candidates_url;
    $('result-plot').src = res.confidence_plot_url;
    $('result-chosen').textContent = 'Chosen: trajectory ' + res.chosen_trajectory
      + (res.chosen_confidence !== undefined ? ', C = ' + res.chosen_confidence.toFixed(3) : '');
    $('link-trace').href = res.trace_url;
    $('link-manifest').href = res.manifest_url;
    $('link-image').href = res.image_url;
    $('urls-expire').textContent = res.urls_expire_at;
    $('urls-expire').setAttribute('datetime', res.urls_expire_at);
    $('job-step').textContent = job.progress ? job.progress.step + ' / ' + job.progress.total_steps : '–';
    $('job-pruned').textContent = res.pruned_trajectories;
    if (job.tokens && job.tokens.full_bon) {
      $('job-tokens').textContent = fmt(job.tokens.used) + ' / ' + fmt(job.tokens.full_bon) + ' (saved ' + fmt(job.tokens.saved) + ')';
    }
    // The stored trace has every step; it replaces the live picture (same steps, same marks).
    try {
      const trace = await fetch(res.trace_url, {credentials: 'omit', referrerPolicy: 'no-referrer'});
      if (trace.ok) {
        chart.fromTrace(await trace.json());
      } else {
        $('job-error').textContent = 'trace.json: HTTP ' + trace.status;
      }
    } catch (e) {
      $('job-error').textContent = 'trace.json could not be read (' + e.message + '); the storage must allow cross-origin GET';
    }
    chart.choose(res.chosen_trajectory);
  }

  document.addEventListener('DOMContentLoaded', () => onKey(start));
})();
