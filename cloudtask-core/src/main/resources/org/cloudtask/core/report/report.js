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
    var D = this.D, A = this.A, root = this.root, slots = D.slots.length, n = A.j.length, i;
    root.appendChild(el('h2', null, 'Timeline: one row per worker slot, grouped per worker, one bar per attempt'
      + ' (drag to zoom, double-click to zoom out)'));
    var legend = el('div', 'ctr-legend');
    KINDS.slice(0, 6).forEach(function (k, i) {
      var s = el('span', null, k), dot = el('i');
      dot.style.background = COLOURS[i];
      s.insertBefore(dot, s.firstChild);
      legend.appendChild(s);
    });
    root.appendChild(legend);
    // rows: the slots grouped per worker (names in natural order), each worker's slots in the order they first ran
    var collator = new Intl.Collator(undefined, {numeric: true}), order = [];
    for (i = 0; i < slots; i++) order.push(i);
    order.sort(function (x, y) { return collator.compare(D.slots[x][1], D.slots[y][1]) || x - y; });
    var rowOf = new Array(slots), groupOf = [], groupSize = [], groups = 0;
    for (i = 0; i < slots; i++) {
      rowOf[order[i]] = i;
      if (i === 0 || D.slots[order[i]][1] !== D.slots[order[i - 1]][1]) groupSize[groups++] = 0;
      groupOf.push(groups - 1);
      groupSize[groups - 1]++;
    }
    // why two modes past 40 rows: readable rows (14 px, labelled) scroll in a fixed view; dense squeezes every row
    // into that view, labelling the workers there is room for
    var VIEW = 560, READABLE = 14, fits = slots * READABLE <= VIEW, dense = false;
    var box = el('div', 'ctr-timeline-box'), scroller = el('div', 'ctr-timeline-scroll'), inner = el('div');
    var canvas = el('canvas'), tip = el('div', 'ctr-tip');
    if (!fits) {
      var controls = el('div', 'ctr-controls'), toggle = el('button', null, 'dense: all ' + slots + ' rows in view');
      toggle.type = 'button';
      toggle.className = 'ctr-dense';
      toggle.addEventListener('click', function () {
        dense = !dense;
        toggle.textContent = dense ? 'readable rows (scroll)' : 'dense: all ' + slots + ' rows in view';
        layout();
        draw();
      });
      controls.appendChild(toggle);
      root.appendChild(controls);
    }
    inner.appendChild(canvas);
    scroller.appendChild(inner);
    box.appendChild(scroller);
    box.appendChild(tip);
    root.appendChild(box);
    var rows = [];
    for (i = 0; i < slots; i++) rows.push([]);
    for (i = 0; i < n; i++) rows[rowOf[A.s[i]]].push(i);
    rows.forEach(function (r) { r.sort(function (x, y) { return A.t[x] - A.t[y]; }); });
    var span = D.span, v0 = 0, vspan = span, scale = 1, dragFrom = -1, rowH, labelW, width, plotW, viewH, g;
    var tl = this.tl = {rowOf: rowOf, scroller: scroller}, pageWidth = this.width;
    function layout() {
      rowH = fits ? Math.max(3, Math.min(20, Math.floor(VIEW / Math.max(1, slots)))) : dense ? VIEW / slots : READABLE;
      labelW = rowH >= 10 || !fits ? 170 : 40;
      viewH = Math.min(slots * rowH, VIEW);
      width = pageWidth - 2 - (slots * rowH > viewH ? 16 : 0);
      plotW = width - labelW - 10;
      inner.style.height = Math.ceil(slots * rowH + 22) + 'px';
      scroller.style.height = Math.ceil(viewH + 22) + 'px';
      scroller.scrollTop = 0;
      g = setupCanvas(canvas, width, viewH + 22);
      tl.rowH = rowH;
      tl.labelW = labelW;
      canvas.dataset.rowHeight = String(Math.round(rowH * 10) / 10);
      canvas.dataset.mode = fits ? 'fit' : dense ? 'dense' : 'scroll';
    }
    function draw() {
      var y0 = scroller.scrollTop, first = Math.floor(y0 / rowH), last = Math.min(slots - 1, Math.floor((y0 + viewH) / rowH));
      var drawn = 0, labels = 0, lastLabel = -1e9, v1 = v0 + vspan;
      canvas.style.top = y0 + 'px';
      scale = plotW / vspan;
      g.clearRect(0, 0, width, viewH + 22);
      g.font = '11px system-ui, sans-serif';
      g.textBaseline = 'middle';
      for (i = first; i <= last; i++) {
        var y = i * rowH - y0, top = i === 0 || groupOf[i] !== groupOf[i - 1];
        g.fillStyle = groupOf[i] % 2 ? '#f1f3f5' : '#ffffff';
        g.fillRect(0, y, width, rowH + 1);
        if (top && rowH * groupSize[groupOf[i]] >= 4 && i > 0) {
          g.fillStyle = '#d0d7de';
          g.fillRect(0, y, width, 1);
        }
      }
      // a worker's name on its first row, where there is room for a line of text since the last one (after the
      // backgrounds: in the dense view a label is taller than its rows)
      g.fillStyle = '#1d2126';
      for (i = first; i <= last; i++) {
        var at = i * rowH - y0, ty = rowH >= 10 ? at + rowH / 2 : at + 6;
        if (!(i === 0 || groupOf[i] !== groupOf[i - 1]) || at - lastLabel < 12 || ty < 6 || ty > viewH - 6) continue;
        var worker = D.slots[order[i]][1], size = groupSize[groupOf[i]];
        g.fillText((worker.length > 22 ? worker.slice(0, 21) + '\u2026' : worker) + (size > 1 ? ' \u00d7' + size : ''),
          4, ty);
        lastLabel = at;
        labels++;
      }
      g.save();
      g.beginPath();
      g.rect(labelW, 0, plotW + 10, viewH);
      g.clip();
      for (i = 0; i < n; i++) {
        var row = rowOf[A.s[i]];
        if (row < first || row > last || A.t[i] > v1 || A.t[i] + A.d[i] < v0) continue;
        g.fillStyle = COLOURS[A.r[i]];
        var x = labelW + (A.t[i] - v0) * scale, w = Math.max(1, A.d[i] * scale - (A.d[i] * scale > 3 ? 1 : 0));
        g.fillRect(x, row * rowH - y0 + (rowH > 4 ? 1 : 0), w, rowH > 4 ? rowH - 2 : Math.max(1, rowH));
        drawn++;
      }
      g.restore();
      g.fillStyle = '#57606a';
      for (i = 0; i <= 4; i++) {
        var tx = labelW + plotW * i / 4;
        g.fillRect(tx, viewH, 1, 5);
        g.fillText(dur(v0 + vspan * i / 4), Math.min(tx, width - 60), viewH + 13);
      }
      canvas.dataset.bars = String(drawn);
      canvas.dataset.labels = String(labels);
    }
    canvas.dataset.rows = String(slots);
    canvas.dataset.workers = String(groups);
    canvas.className = 'ctr-timeline';
    canvas.title = 'drag to zoom in, double-click to zoom out';
    layout();
    draw();
    scroller.addEventListener('scroll', draw);
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
      var row = Math.floor((my + scroller.scrollTop) / rowH), hit = -1;
      if (row >= 0 && row < slots && my < viewH && mx > labelW) {
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
        + D.slots[order[row]][1];
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
    var rowH = r.tl.rowH, labelW = r.tl.labelW;
    var x = rect.left + labelW + (A.t[i] + A.d[i] / 2) * (canvas.clientWidth - labelW - 10) / r.D.span;
    canvas.dispatchEvent(new MouseEvent('mousemove', {clientX: x,
      clientY: rect.top + r.tl.rowOf[A.s[i]] * rowH - r.tl.scroller.scrollTop + rowH / 2}));
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
      // why: a link can open a big fleet's timeline in its dense view
      if (location.hash === '#ctr-dense' && root.querySelector('button.ctr-dense')) root.querySelector('button.ctr-dense').click();
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
