/* cloudtask session report: draws every .ctr element that holds a <script type="application/json" class="ctr-data">.
   No network, no libraries. Big sessions: the timeline is one canvas, the job table renders only its visible rows. */
(function () {
  'use strict';
  var KINDS = ['ok', 'failed', 'timeout', 'lost', 'aborted', 'running', 'pending'];
  var COLOURS = ['#2da44e', '#cf222e', '#e16f24', '#8250df', '#8c959f', '#0969da', '#d0d7de'];
  var ROW = 22;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A duration for people: 850 ms, 12.3 s, 1:02:03 (h:mm:ss). */
  function dur(ms) {
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    var t = Math.floor(ms / 100), h = Math.floor(t / 36000), m = Math.floor(t / 600) % 60, s = Math.floor(t / 10) % 60;
    return h + ':' + (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  function resultText(kind, exit) {
    return kind === 0 || kind === 1 ? 'EXIT=' + exit : KINDS[kind].toUpperCase();
  }

  function setupCanvas(canvas, width, height) {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    var g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return g;
  }

  function Report(root, D) {
    this.root = root;
    this.D = D;
    this.A = D.a;
    this.width = Math.max(600, root.clientWidth || 1200);
  }

  /** The job's row values: index of its last attempt (or -1), kind, exit, duration, worker. */
  Report.prototype.job = function (j) {
    var a = this.D.jobs.a[j], A = this.A;
    // a done job without attempts failed to build (its input line could not become a job): FAILED
    var kind = a < 0 ? (this.D.jobs.done[j] ? 1 : 6) : (this.D.jobs.done[j] ? A.r[a] : (A.r[a] === 5 ? 5 : 6));
    return {a: a, kind: kind, exit: a < 0 ? -1 : A.x[a], d: a < 0 ? -1 : A.d[a],
      worker: a < 0 ? '' : this.D.slots[A.s[a]][1], n: a < 0 ? 0 : A.n[a]};
  };

  Report.prototype.header = function () {
    var D = this.D, c = D.counts, box = el('div', 'ctr-cards');
    var cards = [['elapsed', dur(D.elapsed)], ['total', c[0]], ['ok', c[1]], ['failed', c[2]], ['timeouts', c[3]],
      ['pending', c[4] + (c[5] ? ' (' + c[5] + ' running)' : '')], ['attempts', this.A.j.length],
      ['workers', D.workers.length]];
    cards.forEach(function (p) {
      var card = el('div', 'ctr-card', p[0]);
      card.insertBefore(el('b', null, String(p[1])), card.firstChild);
      box.appendChild(card);
    });
    var title = el('h2', null, 'session ' + D.id + ': ' + (D.command === null ? '(each input line is a command)' : D.command)
      + ' \u2014 ' + D.state + (D.controller ? ' (controller ' + D.controller + ')' : ''));
    this.root.appendChild(title);
    this.root.appendChild(box);
  };

  Report.prototype.workers = function () {
    var D = this.D, root = this.root;
    root.appendChild(el('h2', null, 'Workers'));
    var undestroyed = D.workers.filter(function (w) { return w[8]; }).length;
    if (undestroyed) {
      root.appendChild(el('div', 'ctr-warn', undestroyed + ' launched worker(s) never destroyed: check your cloud account'));
    }
    var t = el('table', 'ctr-workers'), head = el('tr');
    ['worker', 'kind', 'slots', 'jobs', 'busy', 'lifetime', 'destroyed', 'end'].forEach(function (h) {
      head.appendChild(el('th', null, h));
    });
    t.appendChild(head);
    D.workers.forEach(function (w) {
      var tr = el('tr');
      [w[0], w[1], w[2], w[3], dur(w[4]), dur(w[5]), w[6], w[7] || '-'].forEach(function (v, i) {
        tr.appendChild(el('td', i === 6 && w[8] ? 'ctr-bad' : null, String(v)));
      });
      t.appendChild(tr);
    });
    root.appendChild(t);
  };

  Report.prototype.timeline = function () {
    var D = this.D, A = this.A, root = this.root, slots = D.slots.length, n = A.j.length;
    root.appendChild(el('h2', null, 'Timeline: one row per worker slot, one bar per attempt (drag to zoom, double-click to zoom out)'));
    var legend = el('div', 'ctr-legend');
    KINDS.slice(0, 6).forEach(function (k, i) {
      var s = el('span', null, k), dot = el('i');
      dot.style.background = COLOURS[i];
      s.insertBefore(dot, s.firstChild);
      legend.appendChild(s);
    });
    root.appendChild(legend);
    var box = el('div', 'ctr-timeline-box'), canvas = el('canvas'), tip = el('div', 'ctr-tip');
    box.appendChild(canvas);
    box.appendChild(tip);
    root.appendChild(box);
    var rowH = Math.max(3, Math.min(20, Math.floor(560 / Math.max(1, slots)))), labelW = rowH >= 10 ? 160 : 40;
    var width = this.width - 2, plotW = width - labelW - 10, height = slots * rowH + 22;
    var g = setupCanvas(canvas, width, height), span = D.span;
    // per row, the attempts in start order, for hovering
    var rows = [], i;
    for (i = 0; i < slots; i++) rows.push([]);
    for (i = 0; i < n; i++) rows[A.s[i]].push(i);
    rows.forEach(function (r) { r.sort(function (x, y) { return A.t[x] - A.t[y]; }); });
    var v0 = 0, vspan = span, scale = plotW / span, dragFrom = -1;
    function draw() {
      var i, drawn = 0, v1 = v0 + vspan;
      scale = plotW / vspan;
      g.clearRect(0, 0, width, height);
      g.font = '11px system-ui, sans-serif';
      g.textBaseline = 'middle';
      for (i = 0; i < slots; i++) {
        g.fillStyle = i % 2 ? '#f6f8fa' : '#ffffff';
        g.fillRect(0, i * rowH, width, rowH);
        if (rowH >= 10) {
          g.fillStyle = '#57606a';
          g.fillText((D.slots[i][1] + ' ' + D.slots[i][0]).slice(0, 26), 4, i * rowH + rowH / 2);
        }
      }
      g.save();
      g.beginPath();
      g.rect(labelW, 0, plotW + 10, slots * rowH);
      g.clip();
      for (i = 0; i < n; i++) {
        if (A.t[i] > v1 || A.t[i] + A.d[i] < v0) continue;
        g.fillStyle = COLOURS[A.r[i]];
        var x = labelW + (A.t[i] - v0) * scale, w = Math.max(1, A.d[i] * scale - (A.d[i] * scale > 3 ? 1 : 0));
        g.fillRect(x, A.s[i] * rowH + (rowH > 4 ? 1 : 0), w, rowH > 4 ? rowH - 2 : rowH);
        drawn++;
      }
      g.restore();
      g.fillStyle = '#57606a';
      for (i = 0; i <= 4; i++) {
        var tx = labelW + plotW * i / 4;
        g.fillRect(tx, slots * rowH, 1, 5);
        g.fillText(dur(v0 + vspan * i / 4), Math.min(tx, width - 60), slots * rowH + 13);
      }
      canvas.dataset.bars = String(drawn);
    }
    canvas.dataset.rows = String(slots);
    canvas.className = 'ctr-timeline';
    canvas.title = 'drag to zoom in, double-click to zoom out';
    draw();
    function timeAt(e) {
      return v0 + (e.clientX - canvas.getBoundingClientRect().left - labelW) / scale;
    }
    canvas.addEventListener('mousedown', function (e) { dragFrom = timeAt(e); });
    canvas.addEventListener('mouseup', function (e) {
      var to = timeAt(e);
      if (dragFrom >= 0 && Math.abs(to - dragFrom) * scale > 5) {
        v0 = Math.max(0, Math.min(dragFrom, to));
        vspan = Math.max(1, Math.abs(to - dragFrom));
        draw();
      }
      dragFrom = -1;
    });
    canvas.addEventListener('dblclick', function () {
      v0 = 0;
      vspan = span;
      draw();
    });
    var self = this;
    canvas.addEventListener('mousemove', function (e) {
      var rect = canvas.getBoundingClientRect(), mx = e.clientX - rect.left, my = e.clientY - rect.top;
      var row = Math.floor(my / rowH), hit = -1;
      if (row >= 0 && row < slots && mx > labelW) {
        var t = timeAt(e), r = rows[row], lo = 0, hi = r.length - 1, slack = 3 / scale;
        while (lo <= hi) {
          var mid = (lo + hi) >> 1;
          if (A.t[r[mid]] <= t + slack) lo = mid + 1; else hi = mid - 1;
        }
        if (hi >= 0 && A.t[r[hi]] + A.d[r[hi]] >= t - slack) hit = r[hi];
      }
      if (hit < 0) { tip.style.display = 'none'; return; }
      tip.textContent = 'job ' + A.j[hit] + ' attempt ' + A.n[hit] + ': ' + D.jobs.in[A.j[hit] - 1] + '\n'
        + resultText(A.r[hit], A.x[hit]) + (A.f[hit] ? '' : ' (ran again)') + ', ' + dur(A.d[hit]) + ' on '
        + D.slots[row][1];
      tip.style.display = 'block';
      tip.style.left = Math.min(mx + 12, width - 320) + 'px';
      tip.style.top = (my + 14) + 'px';
      self.hovered = hit;
    });
    canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
  };

  Report.prototype.histogram = function () {
    var D = this.D, root = this.root, jobs = D.jobs.in.length, BINS = 40, i, j;
    root.appendChild(el('h2', null, 'Job durations (each finished job\u2019s final attempt)'));
    var durations = [], kinds = [], max = 1;
    for (j = 0; j < jobs; j++) {
      var job = this.job(j);
      if (!D.jobs.done[j] || job.a < 0) continue;
      durations.push(job.d);
      kinds.push(job.kind);
      if (job.d > max) max = job.d;
    }
    var counts = [];
    for (i = 0; i < BINS; i++) counts.push([0, 0, 0]);
    var top = 1;
    for (i = 0; i < durations.length; i++) {
      var b = Math.min(BINS - 1, Math.floor(durations[i] / max * BINS)), k = kinds[i] === 0 ? 0 : kinds[i] === 2 ? 2 : 1;
      counts[b][k]++;
      top = Math.max(top, counts[b][0] + counts[b][1] + counts[b][2]);
    }
    var width = Math.min(this.width, 900), height = 180, canvas = el('canvas', 'ctr-histogram');
    root.appendChild(canvas);
    var g = setupCanvas(canvas, width, height), plotH = height - 36, barW = (width - 50) / BINS;
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#57606a';
    g.fillText(String(top), 2, 12);
    g.fillText('0', 2, plotH + 4);
    for (i = 0; i < BINS; i++) {
      var y = plotH + 4, order = [0, 1, 2], colour = [COLOURS[0], COLOURS[1], COLOURS[2]];
      order.forEach(function (k) {
        var h = counts[i][k] / top * (plotH - 8);
        if (!h) return;
        g.fillStyle = colour[k];
        y -= h;
        g.fillRect(44 + i * barW, y, Math.max(1, barW - 1), h);
      });
    }
    g.fillStyle = '#57606a';
    for (i = 0; i <= 4; i++) g.fillText(dur(max * i / 4), 44 + (width - 110) * i / 4, height - 14);
    canvas.dataset.jobs = String(durations.length);
  };

  Report.prototype.failures = function () {
    var D = this.D, A = this.A, root = this.root;
    root.appendChild(el('h2', null, 'Failures (' + D.failTotal + ')'
      + (D.failTotal > D.fail.length ? ': the first ' + D.fail.length + ' shown; all are in the job table' : '')));
    var box = el('div', 'ctr-failures');
    D.fail.forEach(function (f) {
      var a = f[0], d = el('details');
      d.appendChild(el('summary', null, 'job ' + A.j[a] + '  ' + resultText(A.r[a], A.x[a]) + '  ' + dur(A.d[a]) + '  on '
        + D.slots[A.s[a]][1] + '  input: ' + D.jobs.in[A.j[a] - 1]));
      d.appendChild(el('pre', null, f[1] || '(no output)'));
      box.appendChild(d);
    });
    root.appendChild(box);
  };

  Report.prototype.table = function () {
    var D = this.D, root = this.root, self = this, jobs = D.jobs.in.length, j;
    root.appendChild(el('h2', null, 'Jobs'));
    var controls = el('div', 'ctr-controls'), filter = el('input'), kind = el('select'), shown = el('span');
    filter.type = 'search';
    filter.placeholder = 'filter: input, worker or result';
    filter.size = 40;
    ['all results'].concat(KINDS).forEach(function (k, i) {
      var o = el('option', null, k);
      o.value = String(i - 1);
      kind.appendChild(o);
    });
    controls.appendChild(filter);
    controls.appendChild(kind);
    controls.appendChild(shown);
    root.appendChild(controls);
    var COLUMNS = ['job', 'input', 'result', 'tries', 'worker', 'duration', 'start'];
    var box = el('div', 'ctr-table'), head = el('div', 'ctr-head'), scroll = el('div', 'ctr-scroll'), inner = el('div');
    COLUMNS.forEach(function (c, i) {
      var s = el('span', null, c);
      s.dataset.col = String(i);
      head.appendChild(s);
    });
    scroll.appendChild(inner);
    box.appendChild(head);
    box.appendChild(scroll);
    root.appendChild(box);
    var rows = [];
    for (j = 0; j < jobs; j++) rows.push(this.job(j));
    var A = this.A;
    function cell(j, c) {
      var r = rows[j];
      switch (c) {
        case 0: return j + 1;
        case 1: return D.jobs.in[j];
        case 2: return r.kind;
        case 3: return r.n;
        case 4: return r.worker;
        case 5: return r.d;
        default: return r.a < 0 ? -1 : A.t[r.a];
      }
    }
    var view = [], sortCol = 0, sortDir = 1;
    function apply() {
      var text = filter.value.toLowerCase(), want = Number(kind.value);
      view = [];
      for (var j = 0; j < jobs; j++) {
        var r = rows[j];
        if (want >= 0 && r.kind !== want) continue;
        if (text && (D.jobs.in[j] + ' ' + r.worker + ' ' + resultText(r.kind, r.exit)).toLowerCase().indexOf(text) < 0) continue;
        view.push(j);
      }
      view.sort(function (x, y) {
        var a = cell(x, sortCol), b = cell(y, sortCol);
        return (a < b ? -1 : a > b ? 1 : x - y) * sortDir;
      });
      inner.style.height = view.length * ROW + 'px';
      box.dataset.rows = String(view.length);
      shown.textContent = view.length + ' of ' + jobs + ' jobs';
      draw();
    }
    function draw() {
      var first = Math.floor(scroll.scrollTop / ROW), count = Math.ceil(scroll.clientHeight / ROW) + 2;
      inner.textContent = '';
      for (var i = first; i < Math.min(view.length, first + count); i++) {
        var j = view[i], r = rows[j], row = el('div', 'ctr-row');
        row.style.top = i * ROW + 'px';
        [String(j + 1), D.jobs.in[j], resultText(r.kind, r.exit), String(r.n), r.worker, r.d < 0 ? '' : dur(r.d),
          r.a < 0 ? '' : dur(A.t[r.a])].forEach(function (v, c) {
          var s = el('span', c === 2 ? 'ctr-r' + r.kind : null, v);
          if (c === 1) s.title = v;
          row.appendChild(s);
        });
        inner.appendChild(row);
      }
    }
    head.addEventListener('click', function (e) {
      var c = Number(e.target.dataset.col);
      if (isNaN(c)) return;
      sortDir = c === sortCol ? -sortDir : 1;
      sortCol = c;
      apply();
    });
    filter.addEventListener('input', apply);
    kind.addEventListener('change', apply);
    scroll.addEventListener('scroll', draw);
    apply();
  };

  /** Drives the page as a user would (sort, filter, hover) and writes what it saw into data-selftest-*: for tests. */
  function selfTest(root, r) {
    var head = root.querySelector('.ctr-head'), table = root.querySelector('.ctr-table');
    var filter = root.querySelector('.ctr-controls input'), kind = root.querySelector('.ctr-controls select');
    head.children[5].click();
    head.children[5].click();
    var longest = root.querySelector('.ctr-row span:nth-child(6)');
    root.dataset.selftestLongest = longest ? longest.textContent : '';
    kind.value = '1';
    kind.dispatchEvent(new Event('change'));
    root.dataset.selftestFailedRows = table.dataset.rows;
    kind.value = '-1';
    kind.dispatchEvent(new Event('change'));
    filter.value = 'no input has this text';
    filter.dispatchEvent(new Event('input'));
    root.dataset.selftestNoRows = table.dataset.rows;
    var canvas = root.querySelector('canvas.ctr-timeline'), rect = canvas.getBoundingClientRect(), A = r.A, i = 0;
    var rowH = (canvas.clientHeight - 22) / r.D.slots.length, labelW = rowH >= 10 ? 160 : 40;
    var x = rect.left + labelW + (A.t[i] + A.d[i] / 2) * (canvas.clientWidth - labelW - 10) / r.D.span;
    canvas.dispatchEvent(new MouseEvent('mousemove', {clientX: x, clientY: rect.top + A.s[i] * rowH + rowH / 2}));
    root.dataset.selftestTip = root.querySelector('.ctr-tip').textContent.split('\n')[0];
    var y = rect.top + 2, left = rect.left + labelW;
    canvas.dispatchEvent(new MouseEvent('mousedown', {clientX: left, clientY: y}));
    canvas.dispatchEvent(new MouseEvent('mouseup', {clientX: left + (canvas.clientWidth - labelW - 10) / 10, clientY: y}));
    root.dataset.selftestZoomedBars = canvas.dataset.bars;
    canvas.dispatchEvent(new MouseEvent('dblclick', {clientX: left, clientY: y}));
    root.dataset.selftestAllBars = canvas.dataset.bars;
  }

  function init(root) {
    var began = performance.now();
    root.removeAttribute('data-ctr-init');
    try {
      var r = new Report(root, JSON.parse(root.querySelector('script.ctr-data').textContent));
      r.header();
      r.timeline();
      r.workers();
      r.histogram();
      r.failures();
      r.table();
      root.dataset.renderMs = String(Math.round(performance.now() - began));
      if (location.hash === '#ctr-selftest') selfTest(root, r);
      root.dataset.ready = '1';
    } catch (e) {
      root.dataset.error = String(e && e.stack || e);
      console.error('cloudtask report: ' + root.dataset.error);
    }
  }

  window.addEventListener('error', function (e) {
    document.documentElement.dataset.ctrErrors = (document.documentElement.dataset.ctrErrors || '') + e.message + '\n';
  });
  var roots = document.querySelectorAll('.ctr[data-ctr-init]');
  for (var i = 0; i < roots.length; i++) init(roots[i]);
})();
