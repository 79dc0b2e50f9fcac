// A task's own Camunda Form on Coachgrant's page (/tasks/{id}): drawn by the form-js viewer, submitted to
// /tasks/api/{id} as Camunda's submit-form takes it. Every refusal, the form's own or the server's, shows in a
// summary at the top (focused, each line a link to its field) and beside the field.
(function () {
  'use strict';
  var task = JSON.parse(document.getElementById('task-data').getAttribute('data-form'));
  var csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;
  var csrfToken = document.querySelector('meta[name="_csrf"]').content;
  var outcome = document.getElementById('outcome');
  var draftStatus = document.getElementById('draft-status');
  var api = '/tasks/api/' + encodeURIComponent(task.taskId);
  var form;
  var sending = false;

  function escape(text) {
    var div = document.createElement('div');
    div.textContent = text == null ? '' : String(text);
    return div.innerHTML;
  }

  function call(method, url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[csrfHeader] = csrfToken;
    return fetch(url, { method: method, headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 204) { return { status: 204, body: {} }; }
        return response.json().catch(function () { return {}; })
          .then(function (json) { return { status: response.status, body: json }; });
      });
  }

  /** The fields of the form, by id, with their key (a list has a path) and the list they are in. */
  function fields() {
    return form.get('formFieldRegistry').getAll();
  }

  function fieldById(id) {
    return fields().filter(function (f) { return f.id === id; })[0];
  }

  /** The field a server key names: "totalRequested", or "actions[2].costEach" (row 2 of the list "actions"). */
  function fieldByKey(key) {
    var row = /^(\w+)\[(\d+)]\.(\w+)$/.exec(key);
    if (row) {
      var list = fields().filter(function (f) { return f.path === row[1] || f.key === row[1]; })[0];
      var child = list && fields().filter(function (f) { return f.key === row[3] && f._parent === list.id; })[0];
      return child ? { field: child, index: Number(row[2]) - 1, list: list } : (list ? { field: list } : null);
    }
    var top = /^(\w+)/.exec(key);
    var field = top && fields().filter(function (f) { return f.key === top[1] || f.path === top[1]; })[0];
    return field ? { field: field } : null;
  }

  /** The element a summary line links to: the field's input, in its row. */
  function domId(field, index) {
    return 'fjs-form-' + form._id + '-' + field.id + (index == null ? '' : '_' + index);
  }

  function label(found) {
    var text = found.field.label || found.field.key || 'This answer';
    return found.list ? (found.list.label || 'List') + ', row ' + (found.index + 1) + ', ' + text : text;
  }

  /** form-js's own words, as the rest of Coachgrant says a rule. */
  function inWords(message, field) {
    var m;
    if (message === 'Field is required.') { return 'is required'; }
    if ((m = /minimum length of (\d+)/.exec(message))) { return 'must be at least ' + m[1] + ' characters'; }
    if ((m = /maximum length of (\d+)/.exec(message))) { return 'must be at most ' + m[1] + ' characters'; }
    if ((m = /minimum value of (\S+?)\.?$/.exec(message))) { return 'must be at least ' + m[1]; }
    if ((m = /maximum value of (\S+?)\.?$/.exec(message))) { return 'must be at most ' + m[1]; }
    if (/must match pattern/.test(message)) { return 'must be like this: ' + (field.description || 'see the hint'); }
    return message.replace(/^Field /, '').replace(/\.$/, '');
  }

  /** Lines of the summary from form-js's errors ({id: [messages]}, or {id: [[messages] per row]} in a list). */
  function summaryOf(errors) {
    var lines = [];
    Object.keys(errors).forEach(function (id) {
      var field = fieldById(id);
      if (!field) { return; }
      var list = field._parent && fieldById(field._parent);
      var value = errors[id];
      if (list && list.type === 'dynamiclist') {
        Object.keys(value || {}).forEach(function (index) {
          var messages = value[index];
          if (messages && messages.length) {
            var found = { field: field, index: Number(index), list: list };
            lines.push({ href: domId(field, Number(index)), text: label(found) + ': ' + inWords(messages[0], field) });
          }
        });
      } else if (value && value.length) {
        lines.push({ href: domId(field), text: label({ field: field }) + ': ' + inWords(value[0], field) });
      }
    });
    return lines;
  }

  function showSummary(lines) {
    outcome.className = 'error-summary';
    outcome.setAttribute('role', 'alert');
    outcome.innerHTML = '<h2>There is a problem</h2><ul>' + lines.map(function (line) {
      return '<li>' + (line.href ? '<a href="#' + escape(line.href) + '">' + escape(line.text) + '</a>' : escape(line.text)) + '</li>';
    }).join('') + '</ul>';
    outcome.focus();
  }

  function clearSummary() {
    outcome.className = '';
    outcome.removeAttribute('role');
    outcome.innerHTML = '';
  }

  /** A link in the summary moves focus to its field, as well as scrolling to it. */
  outcome.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(link.getAttribute('href').slice(1));
    if (target) {
      event.preventDefault();
      target.scrollIntoView({ block: 'center' });
      target.focus();
    }
  });

  /** The server's refusal of one field, beside the field as the form's own errors are, and in the summary. */
  function showRefusal(body) {
    var found = body.field ? fieldByKey(body.field) : null;
    var message = body.message || 'Something went wrong; nothing was sent. Try again.';
    if (!found) {
      showSummary([{ text: message }]);
      return;
    }
    var rule = message.indexOf(': ') > 0 ? message.slice(message.indexOf(': ') + 2) : message;
    var errors = {};
    if (found.index != null) {
      errors[found.field.id] = [];
      errors[found.field.id][found.index] = [rule];
    } else {
      errors[found.field.id] = [rule];
    }
    form._setState({ errors: errors });
    showSummary([{ href: domId(found.field, found.index), text: label(found) + ': ' + rule }]);
  }

  /** The form's values as Camunda's submit-form takes them: each with its type, a list or object as Json. */
  function variables(data) {
    var typed = {};
    Object.keys(data).forEach(function (name) {
      var value = data[name];
      if (value === undefined || value === null) { typed[name] = { value: null, type: 'Null' }; }
      else if (typeof value === 'object') { typed[name] = { value: JSON.stringify(value), type: 'Json' }; }
      else if (typeof value === 'boolean') { typed[name] = { value: value, type: 'Boolean' }; }
      else if (typeof value === 'number') { typed[name] = { value: value, type: Number.isInteger(value) ? 'Long' : 'Double' }; }
      else { typed[name] = { value: String(value), type: 'String' }; }
    });
    return typed;
  }

  function submitted(event) {
    if (sending) { return; }
    var lines = summaryOf(event.errors || {});
    if (lines.length) {
      showSummary(lines);
      return;
    }
    sending = true;
    clearSummary();
    call('POST', api, { variables: variables(event.data) }).then(function (answer) {
      sending = false;
      if (answer.status === 204) {
        window.location.assign('/tasks/' + encodeURIComponent(task.taskId) + '/done');
      } else if (answer.status === 404) {
        showSummary([{ text: 'This task is not waiting for you any more: it may be done already. Go back to your page to see what is.' }]);
      } else {
        showRefusal(answer.body || {});
      }
    }, function () {
      sending = false;
      showSummary([{ text: 'Your answers could not be sent: check your connection, then press the button again. Nothing is lost while this page is open.' }]);
    });
  }

  document.getElementById('save-draft').addEventListener('click', function () {
    draftStatus.textContent = 'Saving…';
    call('PUT', api + '/draft', { data: form._getState().data }).then(function (answer) {
      if (answer.status === 200) {
        var at = new Date(answer.body.savedAt);
        draftStatus.textContent = 'Saved at ' + at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
          + '. You can close this page: open the task again from your page to carry on.';
      } else {
        draftStatus.textContent = 'Not saved: ' + ((answer.body && answer.body.message) || 'try again.');
      }
    }, function () {
      draftStatus.textContent = 'Not saved: check your connection, then try again.';
    });
  });

  /** Whether the form has a button of its own that submits it ("Submit plan"); if not, the page gives one. */
  function hasSubmitButton(components) {
    return (components || []).some(function (c) {
      return c.type === 'button' && c.action === 'submit' || hasSubmitButton(c.components);
    });
  }

  var submitTask = document.getElementById('submit-task');
  if (!hasSubmitButton(task.schema.components)) {
    submitTask.hidden = false;
    submitTask.addEventListener('click', function () { form.submit(); });
  }

  // the draft's values over what the task shows, for the fields a person fills in
  var data = Object.assign({}, task.data, task.draft || {});
  FormViewer.createForm({ container: document.getElementById('task-form'), schema: task.schema, data: data })
    .then(function (created) {
      form = created;
      form.on('submit', submitted);
      document.getElementById('task-form').setAttribute('data-ready', 'true');
    }, function () {
      showSummary([{ text: 'This form could not be shown. Tell the programme team, and try again later.' }]);
    });
})();
