// The administrators' template editor (/admin/models/template/{name}): preview with a real plan's data, check,
// save as a new version. The preview's HTML is shown in a sandboxed frame: no script in it runs.
(function () {
  'use strict';
  var root = document.getElementById('template-editor');
  if (!root) { return; }
  var ui = window.CoachgrantModels;
  var api = root.dataset.api;

  function parts(extra) {
    var body = extra || {};
    root.querySelectorAll('textarea[data-part]').forEach(function (area) { body[area.dataset.part] = area.value; });
    return body;
  }

  document.getElementById('preview').addEventListener('click', function () {
    ui.post(api + '/preview', parts()).then(function (answer) {
      if (answer.status !== 200) { ui.show('<p>' + ui.escape(answer.body.message) + '</p>', true); return; }
      document.getElementById('preview-subject').textContent = answer.body.subject;
      document.getElementById('preview-from').textContent = 'Rendered with ' + answer.body.from + '.';
      document.getElementById('preview-html').srcdoc = answer.body.html;
    });
  });

  document.getElementById('check').addEventListener('click', function () {
    ui.post(api + '/check', parts()).then(function (answer) { ui.checked(answer, 'All checks passed: this change can be saved.'); });
  });

  document.getElementById('save').addEventListener('click', function () {
    var reason = ui.reason('template-reason');
    if (reason === null) { return; }
    ui.post(api, parts({ reason: reason })).then(ui.changed);
  });
}());
