// @ts-check
// The "Import…" and "Test" buttons of the relais-http-request and relais-block edit dialogs (served by
// Node-RED from this package's resources/ folder; the dialogs load it and call RelaisEditor.attach).
// Import: a pasted cURL command, OpenAPI description or its URL goes to <admin>/relais/import; an
// OpenAPI description lists its operations to pick from; the form (variables included) is filled and a
// relais-auth configuration is proposed for the secret. Test: the dialog's current values go to
// <admin>/relais/test; the redacted request is shown first, then, on "Send it", the live filtered result
// or the error with its fallback line. Texts come from the node's catalogue (relais.editor.*).
(function () {
  'use strict';
  /** @typedef {{ action: 'http_request' | 'block' }} EditorOptions */
  const AUTH_KINDS = ['bearer', 'basic', 'header'];

  /** @param {string} path @param {object} body @returns {JQuery.jqXHR} */
  function post(path, body) {
    return $.ajax({ url: path, method: 'POST', contentType: 'application/json', data: JSON.stringify(body), dataType: 'json' });
  }

  /** @param {RED.EditorNode} node @param {RelaisHostError | undefined} error */
  function errorText(node, error) {
    if (!error) return '';
    return error.code + ': ' + error.message + (error.fallback ? '\n' + node._('relais.editor.fallback') + ': ' + error.fallback : '');
  }

  /** @param {RED.EditorNode} node @param {JQuery.jqXHR} xhr */
  function failure(node, xhr) {
    const body = /** @type {{ error?: RelaisHostError } | undefined} */ (xhr && xhr.responseJSON);
    return body && body.error ? errorText(node, body.error) : (xhr && xhr.status ? 'HTTP ' + xhr.status : 'network error');
  }

  /** @param {string} name @param {unknown} value */
  function setField(name, value) {
    const input = $('#node-input-' + name);
    if (input.length === 0) return;
    const text = value === undefined || value === null ? '' : String(value);
    if (input.data('noderedTypedInput')) input.typedInput('value', text);
    else input.val(text);
    input.trigger('change');
  }

  /** @param {RelaisImportedBlock} block */
  function fillHttpForm(block) {
    const p = block.data.parameters;
    const filter = p.filter || {};
    const include = Array.isArray(filter.include) ? filter.include : [];
    $('#node-input-name').val(block.data.label || '');
    setField('http_method', p.http_method);
    setField('url', p.url);
    setField('content_type', p.content_type || 'json');
    setField('headers_json', p.headers_json || '');
    setField('query_json', p.query_json || '');
    setField('body_json', p.body_json || '');
    setField('body_text', p.body_text || '');
    setField('filter_expression', filter.expression || '');
    setField('filter_include', include.join(', '));
    setField('filter_max_items', filter.max_items === undefined ? '' : filter.max_items);
    const list = $('#node-input-variables-list');
    if (list.length) {
      list.editableList('empty');
      (p.variables || []).forEach(function (variable) {
        list.editableList('addItem', { name: variable.name, type: variable.type, description: variable.description, example: variable.example, required: variable.required === true, default: variable.default === undefined ? '' : String(variable.default) });
      });
    }
  }

  /**
   * A relais-auth configuration for the imported credential, selected in the dialog.
   * @param {RED.EditorNode} node @param {RelaisImportedCredential | undefined} imported @param {string[]} message
   */
  function proposeCredential(node, imported, message) {
    if (!imported) return;
    const shape = imported.credential;
    if (AUTH_KINDS.indexOf(shape.type) === -1) {
      message.push(node._('relais.editor.credential_kind', { kind: shape.type }));
      return;
    }
    const config = {
      id: RED.nodes.id(),
      type: 'relais-auth',
      name: imported.name,
      kind: shape.type,
      username: shape.type === 'basic' ? shape.username : '',
      field: shape.type === 'header' ? shape.name : '',
      users: [],
      _def: RED.nodes.getType('relais-auth'),
      credentials: shape.type === 'bearer' ? { token: shape.token } : shape.type === 'basic' ? { password: shape.password } : shape.type === 'header' ? { value: shape.value } : {},
      changed: true,
      dirty: true
    };
    RED.nodes.add(config);
    RED.nodes.dirty(true);
    const select = $('#node-input-credential');
    select.append($('<option/>').val(config.id).text(config.name));
    select.val(config.id).trigger('change');
    message.push(node._('relais.editor.credential_added', { name: config.name }));
  }

  /**
   * @param {RED.EditorNode} node @param {EditorOptions} options @param {RelaisImportedBlock} block
   * @param {RelaisImportedCredential | undefined} credential @param {string[] | undefined} warnings
   */
  function apply(node, options, block, credential, warnings) {
    const message = [node._('relais.editor.filled')];
    if (options.action === 'block') {
      $('#node-input-name').val(block.data.label || '');
      $('#node-input-block').val(JSON.stringify(block, null, 2)).trigger('change');
      if (credential) $('#node-input-credential_name').val(block.data.parameters.credential || 'default');
    } else fillHttpForm(block);
    proposeCredential(node, credential, message);
    (warnings || []).slice(0, 5).forEach(function (w) { message.push('⚠ ' + w); });
    $('#relais-editor-message').text(message.join('\n'));
  }

  /** @param {RED.EditorNode} node @param {EditorOptions} options @param {JQuery} panel */
  function showImport(node, options, panel) {
    panel.empty();
    $('<div/>', { class: 'form-tips' }).text(node._('relais.editor.import_hint')).appendTo(panel);
    const source = $('<textarea/>', { id: 'relais-import-source', rows: 6, style: 'width:100%;font-family:monospace' }).appendTo(panel);
    const read = $('<button/>', { type: 'button', id: 'relais-import-read', class: 'red-ui-button' }).text(node._('relais.editor.read')).appendTo(panel);
    const choice = $('<div/>', { style: 'margin-top:6px' }).appendTo(panel);
    read.on('click', function () {
      choice.empty();
      $('#relais-editor-message').text('…');
      post('relais/import', { source: source.val() }).then(function (/** @type {RelaisImportAnswer} */ answer) {
        $('#relais-editor-message').text('');
        if (answer.kind === 'curl') {
          apply(node, options, answer.block, answer.credential, answer.warnings);
          return;
        }
        const blocks = answer.blocks;
        const select = $('<select/>', { id: 'relais-import-operation', style: 'width:70%' }).appendTo(choice);
        blocks.forEach(function (block, index) {
          $('<option/>').val(String(index)).text(block.data.subtitle + ' — ' + block.data.label + ' (' + block.id + ')').appendTo(select);
        });
        $('<span/>', { style: 'margin-left:6px' }).text(blocks.length + ' ' + node._('relais.editor.operations')).appendTo(choice);
        $('<button/>', { type: 'button', id: 'relais-import-use', class: 'red-ui-button', style: 'margin-left:6px' })
          .text(node._('relais.editor.use'))
          .appendTo(choice)
          .on('click', function () {
            const block = blocks[Number(select.val())];
            const credential = (answer.credentials || []).filter(function (c) { return c.name === block.data.parameters.credential; })[0];
            const prefix = block.id + ':';
            apply(node, options, block, credential, (answer.warnings || []).filter(function (w) { return w.indexOf(prefix) === 0; }));
          });
      }, function (xhr) {
        $('#relais-editor-message').text(node._('relais.editor.failed') + ': ' + failure(node, xhr));
      });
    });
  }

  /** The dialog's current values, as the test endpoint reads them (those of the HTTP action's form). */
  function formValues() {
    /** @type {Record<string, unknown>} */
    const values = {};
    $('#dialog-form [id^="node-input-"]').each(function () {
      const input = $(this);
      const name = this.id.slice('node-input-'.length);
      if (!name || name.indexOf('variables') === 0 || input.is('button, div, ul, ol')) return;
      values[name] = input.is(':checkbox') ? input.is(':checked') : input.val();
    });
    const rows = window.RelaisForm ? window.RelaisForm.variableRows() : [];
    values.variables = rows.filter((variable) => variable.name);
    return values;
  }

  /** @param {RED.EditorNode} node @param {EditorOptions} options @param {JQuery} panel */
  function showTest(node, options, panel) {
    panel.empty();
    /** @type {Record<string, unknown>} */
    const request = { action: options.action, credential: $('#node-input-credential').val() };
    if (options.action === 'block') {
      request.block = $('#node-input-block').val();
      request.credential_name = $('#node-input-credential_name').val();
    } else request.values = formValues();
    const config = typeof request.credential === 'string' && request.credential ? RED.nodes.node(request.credential) : null;
    if (config && config.changed) $('<div/>', { class: 'form-tips' }).text(node._('relais.editor.deploy_first')).appendTo(panel);
    $('#relais-editor-message').text('…');
    post('relais/test', request).then(function (/** @type {RelaisTestAnswer} */ answer) {
      $('#relais-editor-message').text('');
      $('<div/>').text(node._('relais.editor.preview')).appendTo(panel);
      $('<pre/>', { id: 'relais-test-preview', style: 'max-height:200px;overflow:auto;font-size:11px' }).text(JSON.stringify(answer.preview.request || answer.preview, null, 2)).appendTo(panel);
      const output = $('<pre/>', { id: 'relais-test-result', style: 'max-height:240px;overflow:auto;font-size:11px;display:none' });
      $('<button/>', { type: 'button', id: 'relais-test-send', class: 'red-ui-button' })
        .text(node._('relais.editor.send'))
        .appendTo(panel)
        .on('click', function () {
          output.show().text('…');
          post('relais/test', $.extend({}, request, { send: true })).then(function (/** @type {RelaisTestAnswer} */ live) {
            output.text(live.error ? node._('relais.editor.failed') + ' — ' + errorText(node, live.error) : node._('relais.editor.result') + '\n' + JSON.stringify(live.result && live.result.data, null, 2));
          }, function (xhr) {
            output.text(node._('relais.editor.failed') + ' — ' + failure(node, xhr));
          });
        });
      output.appendTo(panel);
    }, function (xhr) {
      $('#relais-editor-message').text(node._('relais.editor.failed') + ': ' + failure(node, xhr));
    });
  }

  /** @param {RED.EditorNode} node @param {EditorOptions} options */
  function attach(node, options) {
    const form = $('#dialog-form');
    if (form.length === 0 || $('#relais-editor-row').length) return;
    const row = $('<div/>', { class: 'form-row', id: 'relais-editor-row' }).prependTo(form);
    const panel = $('<div/>', { id: 'relais-editor-panel', style: 'margin-top:6px' });
    $('<button/>', { type: 'button', id: 'relais-import-button', class: 'red-ui-button' })
      .html('<i class="fa fa-download"></i> ').append($('<span/>').text(node._('relais.editor.import')))
      .appendTo(row)
      .on('click', function () { showImport(node, options, panel); });
    $('<button/>', { type: 'button', id: 'relais-test-button', class: 'red-ui-button', style: 'margin-left:6px' })
      .html('<i class="fa fa-flask"></i> ').append($('<span/>').text(node._('relais.editor.test')))
      .appendTo(row)
      .on('click', function () { showTest(node, options, panel); });
    panel.appendTo(row);
    $('<pre/>', { id: 'relais-editor-message', style: 'white-space:pre-wrap;border:none;background:none;padding:0;margin:4px 0 0' }).appendTo(row);
  }

  window.RelaisEditor = { attach: attach };
})();
