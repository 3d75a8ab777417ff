// The rnn4j page: next-token probabilities as you type, generation streamed over server-sent
// events, and the explain views. Talks only to the server it came from.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var pending = 0;

  function post(path, body) {
    return fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body)}).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw new Error(j.error ? j.error.message : r.status); }
        return j;
      });
    });
  }
  function status(msg) { $('status').textContent = msg || ''; }
  function model() { return $('model').value; }

  function showNext() {
    var ticket = ++pending;
    post('/v1/next', {model: model(), prefix: $('text').value, top_k: 10}).then(function (j) {
      if (ticket !== pending) { return; }
      var body = $('next').tBodies[0];
      body.innerHTML = '';
      j.next.forEach(function (c) {
        var tr = document.createElement('tr'), tok = document.createElement('td'),
          p = document.createElement('td'), bar = document.createElement('span');
        tok.className = 'token';
        tok.textContent = c.token;
        p.className = 'probability';
        p.textContent = c.probability.toFixed(4) + ' ';
        bar.className = 'bar';
        bar.style.width = Math.round(200 * c.probability) + 'px';
        p.appendChild(bar);
        tr.appendChild(tok);
        tr.appendChild(p);
        body.appendChild(tr);
      });
      body.setAttribute('data-prefix', $('text').value);
      status('');
    }).catch(function (e) { status(e.message); });
  }

  function mode() { return document.querySelector('input[name=mode]:checked').value; }

  function generate() {
    var m = mode(), req = {model: model(), prompt: $('text').value, stream: true,
      max_tokens: +$('max-tokens').value, seed: +$('seed').value};
    if (m === 'greedy') { req.temperature = 0; }
    if (m === 'sample') {
      req.temperature = +$('temperature').value; req.top_k = +$('top-k').value; req.top_p = +$('top-p').value;
    }
    if (m === 'beam') { req.beam = +$('beam').value; }
    var out = $('output');
    out.innerHTML = '';
    var prompt = document.createElement('span'), gen = document.createElement('span');
    prompt.className = 'prompt';
    prompt.textContent = req.prompt;
    gen.className = 'generated';
    out.appendChild(prompt);
    out.appendChild(gen);
    out.removeAttribute('data-done');
    fetch('/v1/completions', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(req)}).then(function (r) {
      if (!r.ok) { return r.json().then(function (j) { throw new Error(j.error.message); }); }
      var reader = r.body.getReader(), decoder = new TextDecoder(), buf = '';
      function pump() {
        return reader.read().then(function (x) {
          if (x.done) { out.setAttribute('data-done', 'true'); return; }
          buf += decoder.decode(x.value, {stream: true});
          var i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            var line = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (line.indexOf('data: ') !== 0) { continue; }
            var data = line.slice(6);
            if (data === '[DONE]') { continue; }
            var c = JSON.parse(data).choices[0];
            if (c.index === 0) {
              gen.textContent += c.text;
              out.setAttribute('data-events', (+(out.getAttribute('data-events') || 0) + 1));
            }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function (e) { status(e.message); });
  }

  function explain() {
    post('/v1/explain', {model: model(), text: $('text').value, top: 5}).then(function (j) {
      Rnn4jExplain.render($('explain'), j);
      status('');
    }).catch(function (e) { status(e.message); });
  }

  fetch('/v1/models').then(function (r) { return r.json(); }).then(function (j) {
    j.data.forEach(function (m) {
      var o = document.createElement('option');
      o.value = m.id;
      o.textContent = m.id + ' (' + m.config.cell + ', hidden ' + m.config.hidden_size + ', vocabulary '
        + m.config.vocab_size + ')';
      $('model').appendChild(o);
    });
    showNext();
  });
  var timer = null;
  $('text').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(showNext, 150);
  });
  $('model').addEventListener('change', showNext);
  $('generate').addEventListener('click', generate);
  $('explain-button').addEventListener('click', explain);
})();
