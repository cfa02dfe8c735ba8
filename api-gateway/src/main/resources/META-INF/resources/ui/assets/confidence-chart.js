'use strict';
// The job page's chart, drawn by uPlot: one line per trajectory of its confidence C against the
// step, the threshold θ as a dashed line, and markers where a trajectory was flagged, recovered
// or terminated. Survivors are drawn bold and pruned trajectories faint; the chosen one boldest.
// It is fed live (progress curves, pruned events) or at once from a stored trace.json; both use
// the same 0-based steps, so the two pictures line up.
(function () {
  const MARKS = {
    flagged: {label: 'flagged', color: '#d97706'},
    recovered: {label: 'recovered', color: '#059669'},
    terminated: {label: 'terminated', color: '#dc2626'},
  };
  const PALETTE = ['#2563eb', '#9333ea', '#0891b2', '#65a30d', '#c026d3', '#ea580c', '#4f46e5', '#0d9488'];

  class ConfidenceChart {
    constructor(container, caption) {
      this.container = container;
      this.caption = caption;
      this.steps = new Map(); // step → {theta, c: Map(trajectory → C)}
      this.trajectories = new Set();
      this.marks = []; // {trajectory, step, event, c}
      this.pruned = new Set();
      this.chosen = null;
      this.plot = null;
      this.shape = '';
      this.pending = false;
      window.addEventListener('resize', () => this.plot && this.plot.setSize(this.size()));
    }

    /** A progress event's curve: C per trajectory and θ at each step, plus its marks. */
    addCurve(curve) {
      curve.steps.forEach((step, i) => this.point(step, curve.theta[i], curve.trajectories.map((s) => [s.trajectory, s.C[i]])));
      curve.marks.forEach((m) => this.mark(m.trajectory, m.step, m.event));
      this.render();
    }

    /** A trajectory.pruned event: it is terminated at {@code step} (its C there, if the curve lacks it). */
    pruneAt(trajectory, step, confidence) {
      this.trajectories.add(trajectory);
      this.mark(trajectory, step, 'terminated', confidence);
      this.render();
    }

    /** Replaces everything with a stored trace (trace.json, v1 or v2). */
    fromTrace(trace) {
      this.steps.clear();
      this.marks = [];
      this.pruned.clear();
      for (const r of trace.records) {
        this.point(r.step, r.theta, [[r.trajectory, r.C]]);
        if (r.event === 'flagged' || r.event === 'recovered' || r.event === 'terminated') this.mark(r.trajectory, r.step, r.event);
      }
      if (trace.chosen_trajectory !== undefined && trace.chosen_trajectory !== null) this.chosen = trace.chosen_trajectory;
      this.render();
    }

    choose(trajectory) {
      this.chosen = trajectory;
      this.render();
    }

    point(step, theta, values) {
      let s = this.steps.get(step);
      if (!s) {
        s = {theta: null, c: new Map()};
        this.steps.set(step, s);
      }
      if (theta !== null && theta !== undefined) s.theta = theta;
      for (const [t, c] of values) {
        this.trajectories.add(t);
        if (c !== null && c !== undefined) s.c.set(t, c);
      }
    }

    mark(trajectory, step, event, confidence) {
      if (this.marks.some((m) => m.trajectory === trajectory && m.step === step && m.event === event)) return;
      this.marks.push({trajectory, step, event, c: confidence});
      if (event === 'terminated') this.pruned.add(trajectory);
    }

    /** Coalesces updates into one redraw per frame. */
    render() {
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.draw();
      });
    }

    size() {
      return {width: Math.max(320, this.container.clientWidth), height: 340};
    }

    draw() {
      const trajectories = [...this.trajectories].sort((a, b) => a - b);
      // Markers sit at step + (trajectory + 1) / 1000 so that two trajectories marked at one step
      // get distinct x values; lines span these gaps (spanGaps).
      const markX = (m) => m.step + (m.trajectory + 1) / 1000;
      const xs = [...new Set([...this.steps.keys(), ...this.marks.map(markX)])].sort((a, b) => a - b);
      const index = new Map(xs.map((x, i) => [x, i]));
      const theta = xs.map((x) => (this.steps.has(x) ? this.steps.get(x).theta : null));
      const lines = trajectories.map((t) => xs.map((x) => (this.steps.has(x) && this.steps.get(x).c.has(t) ? this.steps.get(x).c.get(t) : null)));
      const markers = Object.keys(MARKS).map((event) => {
        const ys = xs.map(() => null);
        for (const m of this.marks.filter((k) => k.event === event)) {
          const at = this.steps.get(m.step);
          ys[index.get(markX(m))] = at && at.c.has(m.trajectory) ? at.c.get(m.trajectory) : (m.c === undefined ? null : m.c);
        }
        return ys;
      });
      const data = [xs, theta, ...lines, ...markers];
      const shape = JSON.stringify([trajectories, [...this.pruned].sort(), this.chosen]);
      if (this.plot && shape === this.shape) {
        this.plot.setData(data);
      } else {
        if (this.plot) this.plot.destroy();
        this.shape = shape;
        this.plot = new uPlot(this.options(trajectories), data, this.container);
      }
      this.describe(trajectories, lines);
    }

    options(trajectories) {
      const line = (t, i) => {
        const chosen = t === this.chosen;
        const pruned = this.pruned.has(t);
        const color = PALETTE[i % PALETTE.length];
        return {
          label: 'trajectory ' + t + (chosen ? ' (chosen)' : pruned ? ' (pruned)' : ''),
          stroke: pruned ? color + '55' : color, // survivors in full colour, pruned ones faint
          width: chosen ? 4 : pruned ? 1 : 2,
          spanGaps: true,
          points: {show: false},
        };
      };
      const marker = ([, m]) => ({
        label: m.label,
        stroke: m.color,
        fill: m.color,
        paths: () => null, // points only
        points: {show: true, size: 9, fill: m.color, stroke: m.color},
      });
      return Object.assign(this.size(), {
        scales: {x: {time: false}},
        axes: [{label: 'step'}, {label: 'confidence C'}],
        legend: {live: false},
        series: [
          {label: 'step'},
          {label: 'θ', stroke: '#111827', width: 2, dash: [6, 4], spanGaps: true, points: {show: false}},
          ...trajectories.map(line),
          ...Object.entries(MARKS).map(marker),
        ],
      });
    }

    /** A text alternative of the canvas (and what the browser test reads). */
    describe(trajectories, lines) {
      const points = lines.reduce((n, ys) => n + ys.filter((y) => y !== null).length, 0);
      const count = (e) => this.marks.filter((m) => m.event === e).length;
      const survivors = trajectories.filter((t) => !this.pruned.has(t));
      this.caption.dataset.trajectories = String(trajectories.length);
      this.caption.dataset.points = String(points);
      this.caption.dataset.terminated = String(count('terminated'));
      this.caption.textContent = 'Confidence C of ' + trajectories.length + ' trajectories (' + points + ' points) against the step; '
        + 'dashed: threshold θ. ' + count('flagged') + ' flagged, ' + count('recovered') + ' recovered, '
        + count('terminated') + ' terminated. Survivors: ' + (survivors.join(', ') || 'none')
        + (this.chosen !== null ? '; chosen: ' + this.chosen : '') + '.';
    }
  }

  window.ConfidenceChart = ConfidenceChart;
})();
