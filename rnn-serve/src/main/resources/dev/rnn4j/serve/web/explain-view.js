// rnn4j explain views: the next-token table, state heatmaps and gradient-norm views as inline SVG.
// No dependencies, nothing fetched. Rnn4jExplain.render(element, data) with the JSON of
// Explanation.toJson(); it replaces the element's content.
var Rnn4jExplain = (function () {
  var NS = 'http://www.w3.org/2000/svg';
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function html(name, text, cls) {
    var e = document.createElement(name);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function fmt(x, d) { return x === null ? '-' : x.toFixed(d); }
  function short(s) { return s.length <= 10 ? s : s.slice(0, 9) + '\u2026'; }
  function diverging(v, m) {
    var f = Math.max(-1, Math.min(1, v / m)), fade = Math.round(255 * (1 - Math.abs(f)));
    return f >= 0 ? 'rgb(255,' + fade + ',' + fade + ')' : 'rgb(' + fade + ',' + fade + ',255)';
  }
  var STOPS = [[68, 1, 84], [59, 82, 139], [33, 144, 140], [93, 200, 99], [253, 231, 37]];
  function sequential(f) {
    f = Math.max(0, Math.min(1, f)) * (STOPS.length - 1);
    var i = Math.min(STOPS.length - 2, Math.floor(f)), u = f - i, a = STOPS[i], b = STOPS[i + 1];
    return 'rgb(' + [0, 1, 2].map(function (j) { return Math.round(a[j] + (b[j] - a[j]) * u); }).join(',') + ')';
  }

  function table(data) {
    var t = html('table'), head = html('tr');
    t.className = 'next-table';
    ['step', 'token', 'next', 'P(next)', 'bits', 'most probable next tokens'].forEach(function (h) {
      head.appendChild(html('th', h));
    });
    t.appendChild(head);
    data.positions.forEach(function (p, i) {
      var r = html('tr');
      r.appendChild(html('td', String(i)));
      r.appendChild(html('td', p.current));
      r.appendChild(html('td', p.actual));
      var pc = html('td', fmt(p.probability, 4) + ' ');
      var bar = html('span', '', 'bar');
      bar.style.width = Math.round(80 * (p.probability || 0)) + 'px';
      pc.appendChild(bar);
      r.appendChild(pc);
      r.appendChild(html('td', fmt(p.surprisal, 2)));
      r.appendChild(html('td', p.alternatives.map(function (a) {
        return a.token + ' ' + fmt(a.probability, 3);
      }).join(', ')));
      t.appendChild(r);
    });
    return t;
  }

  // cells[row][col]; null/undefined cells are blank; color(v) gives the fill
  function heatmap(cls, cells, cols, rows, color) {
    var c = Math.max(4, Math.min(22, Math.floor(800 / Math.max(1, cols.length))));
    var ch = Math.max(2, Math.min(c, Math.floor(500 / Math.max(1, cells.length))));
    var left = 80, top = 10, bottom = 80;
    var svg = el('svg', {'class': cls, width: left + cols.length * c + 20, height: top + cells.length * ch + bottom});
    cells.forEach(function (row, r) {
      row.forEach(function (v, k) {
        if (v === null || v === undefined) { return; }
        var rect = el('rect', {x: left + k * c, y: top + r * ch, width: c, height: ch, fill: color(v)});
        rect.appendChild(el('title', {}, (rows ? rows[r] : 'unit ' + r) + ' / ' + cols[k] + ': ' + v.toPrecision(4)));
        svg.appendChild(rect);
      });
    });
    var step = Math.max(1, Math.ceil(12 / c));
    cols.forEach(function (tok, k) {
      if (k % step) { return; }
      var x = left + k * c + c / 2 + 4, y = top + cells.length * ch + 4;
      svg.appendChild(el('text', {x: x, y: y, transform: 'rotate(90 ' + x + ' ' + y + ')'}, short(tok)));
    });
    var rstep = Math.max(1, Math.ceil(12 / ch));
    cells.forEach(function (row, r) {
      if (r % rstep) { return; }
      svg.appendChild(el('text', {x: left - 4, y: top + r * ch + ch / 2 + 4, 'text-anchor': 'end'},
        rows ? short(rows[r]) : String(r)));
    });
    return svg;
  }

  function curve(values) {
    var w = 640, h = 240, left = 60, pad = 20;
    var logs = values.map(function (v) { return v > 0 ? Math.log10(v) : null; });
    var ok = logs.filter(function (v) { return v !== null; });
    var lo = Math.min.apply(null, ok), hi = Math.max.apply(null, ok);
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    var svg = el('svg', {'class': 'gradient-curve', width: w, height: h});
    var pts = [];
    logs.forEach(function (v, k) {
      if (v === null) { return; }
      var x = left + (values.length > 1 ? k / (values.length - 1) : 0) * (w - left - pad);
      var y = pad + (1 - (v - lo) / (hi - lo)) * (h - 2 * pad);
      pts.push(x.toFixed(1) + ',' + y.toFixed(1));
      svg.appendChild(el('circle', {cx: x, cy: y, r: 2.5, fill: '#1f77b4'}));
    });
    svg.appendChild(el('polyline', {points: pts.join(' '), fill: 'none', stroke: '#1f77b4', 'stroke-width': 2}));
    svg.appendChild(el('text', {x: 4, y: pad + 4}, Math.pow(10, hi).toExponential(1)));
    svg.appendChild(el('text', {x: 4, y: h - pad}, Math.pow(10, lo).toExponential(1)));
    svg.appendChild(el('text', {x: left, y: h - 4}, 'k = 0 \u2026 ' + (values.length - 1) + ' (log scale)'));
    return svg;
  }

  function render(root, data) {
    root.innerHTML = '';
    root.appendChild(html('h2', 'P(next | tokens so far) and surprisal'));
    root.appendChild(table(data));
    data.layers.forEach(function (layer) {
      layer.parts.forEach(function (part) {
        var m = 0;
        part.values.forEach(function (r) { r.forEach(function (v) { m = Math.max(m, Math.abs(v || 0)); }); });
        var cells = part.values.length ? part.values[0].map(function (_, u) {
          return part.values.map(function (r) { return r[u]; });
        }) : [];
        root.appendChild(html('h2', 'Layer ' + layer.layer + ' state ' + part.name + ' (' + data.cell
          + '): units \u00d7 steps, blue < 0 < red'));
        root.appendChild(heatmap('heatmap', cells, data.tokens, null, function (v) { return diverging(v, m || 1); }));
      });
    });
    (data.gradients || []).forEach(function (g, l) {
      var lo = Infinity, hi = -Infinity;
      g.forEach(function (r) { r.forEach(function (v) { if (v > 0) { lo = Math.min(lo, Math.log10(v)); hi = Math.max(hi, Math.log10(v)); } }); });
      if (!(hi > lo)) { hi = lo + 1; }
      root.appendChild(html('h2', 'Layer ' + l + ': gradient back in time ||dL_t/ds_k|| (row t: the loss of step t; column k; log colour)'));
      root.appendChild(heatmap('gradients', g, data.tokens, data.tokens, function (v) {
        return v > 0 ? sequential((Math.log10(v) - lo) / (hi - lo)) : '#fff';
      }));
      root.appendChild(html('h2', 'Layer ' + l + ': the last step\u2019s loss, back in time'));
      root.appendChild(curve(g[g.length - 1]));
    });
    if (!data.gradients) {
      root.appendChild(html('p', 'This cell does not record state gradients: no gradient views.'));
    }
  }
  return {render: render};
})();
