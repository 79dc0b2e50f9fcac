// The administrators' template editor (/admin/models/template/{name}): preview with a real plan's data, check,
// save as a new version. The preview's HTML is shown in a sandboxed frame: no script in it runs.
(function () {
  'use strict';
  var root = document.getElementById('template-editor');
  if (!root) { return; }
  var api = root.dataset.api;
  var outcome = document.getElementById('outcome');
  var csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;
  var csrfToken = document.querySelector('meta[name="_csrf"]').content;

  function escape(text) {
    var div = document.createElement('div');
    div.textContent = text == null ? '' : String(text);
    return div.innerHTML;
  }

  function show(html, failed) {
    outcome.innerHTML = html;
    outcome.className = failed ? 'error-summary' : 'notice';
    outcome.focus();
  }

  function parts(extra) {
    var body = extra || {};
    root.querySelectorAll('textarea[data-part]').forEach(function (area) { body[area.dataset.part] = area.value; });
    return body;
  }

  function post(path, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[csrfHeader] = csrfToken;
    return fetch(api + path, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.json().then(function (json) { return { status: response.status, body: json }; });
      });
  }

  function problems(list) {
    return '<h2>There is a problem</h2><ul>'
      + list.map(function (p) { return '<li>' + escape(p.message) + '</li>'; }).join('') + '</ul>';
  }

  document.getElementById('preview').addEventListener('click', function () {
    post('/preview', parts()).then(function (answer) {
      if (answer.status !== 200) { show('<p>' + escape(answer.body.message) + '</p>', true); return; }
      document.getElementById('preview-subject').textContent = answer.body.subject;
      document.getElementById('preview-from').textContent = 'Rendered with ' + answer.body.from + '.';
      document.getElementById('preview-html').srcdoc = answer.body.html;
    });
  });

  document.getElementById('check').addEventListener('click', function () {
    post('/check', parts()).then(function (answer) {
      if (answer.status !== 200) { show('<p>' + escape(answer.body.message) + '</p>', true); }
      else if (answer.body.passed) { show('<p>All checks passed: this change can be saved.</p>', false); }
      else { show(problems(answer.body.problems), true); }
    });
  });

  document.getElementById('save').addEventListener('click', function () {
    var reason = document.getElementById('template-reason');
    var error = document.getElementById('template-reason-error');
    if (!reason.value.trim()) {
      error.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.setAttribute('aria-describedby', 'template-reason-hint template-reason-error');
      reason.focus();
      return;
    }
    post('', parts({ reason: reason.value })).then(function (answer) {
      if (answer.status === 200) { window.location.reload(); }
      else if (answer.body.problems) { show(problems(answer.body.problems), true); }
      else { show('<p>' + escape(answer.body.message) + '</p>', true); }
    });
  });
}());
