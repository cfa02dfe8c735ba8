'use strict';
// /ui/fleet: GET /v1/fleet every 2 s (workers from their heartbeats, queue, per-minute rates).
(function () {
  const {call, onKey, Unauthorized, age, el, fmt} = window.ScalingAR;
  const EVERY_MS = 2000;
  let timer = null;
  const $ = (id) => document.getElementById(id);

  async function refresh() {
    clearTimeout(timer);
    try {
      const {status, body} = await call('/v1/fleet');
      if (status !== 200) {
        $('fleet-error').textContent = (body && body.detail) || 'HTTP ' + status;
      } else {
        $('fleet-error').textContent = '';
        render(body);
      }
    } catch (e) {
      if (e instanceof Unauthorized) return; // stop polling until a key is entered again
      $('fleet-error').textContent = 'could not reach the gateway: ' + e.message;
    }
    timer = setTimeout(refresh, EVERY_MS);
  }

  function render(f) {
    const perMinute = (n) => fmt(Math.round(n * 60 / f.window_seconds));
    $('fleet-workers').textContent = f.workers.length;
    $('fleet-slots').textContent = f.busy_slots + ' / ' + f.slots;
    $('fleet-queued').textContent = f.queued_jobs;
    $('fleet-running').textContent = f.running_jobs;
    $('fleet-pending').textContent = fmt(f.pending_trajectory_steps);
    $('fleet-jobs-rate').textContent = perMinute(f.jobs_completed_per_window);
    $('fleet-pruned-rate').textContent = perMinute(f.trajectories_pruned_per_window);
    $('fleet-saved-rate').textContent = perMinute(f.tokens_saved_per_window);
    $('fleet-saved-total').textContent = fmt(f.tokens_saved_total);
    $('fleet-updated').textContent = 'Updated ' + new Date(f.as_of).toLocaleTimeString() + '; refreshed every ' + EVERY_MS / 1000 + ' s.';
    document.querySelector('#workers tbody').replaceChildren(...f.workers.map((w) => {
      const tr = el('tr', null, {'data-worker': w.worker});
      tr.append(el('th', w.worker + (w.draining ? ' (draining)' : ''), {scope: 'row'}));
      tr.append(el('td', w.busy_slots + ' / ' + w.slots, {class: 'slots'}));
      [w.live_trajectories, w.running_jobs, w.pending_jobs, fmt(w.pending_trajectory_steps), age(w.seen_at)]
        .forEach((v) => tr.append(el('td', v)));
      return tr;
    }));
  }

  document.addEventListener('DOMContentLoaded', () => onKey(refresh));
})();
