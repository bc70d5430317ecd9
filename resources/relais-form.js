// @ts-check
// The edit dialogs of the five action nodes (relais-sales-task, relais-http-request, relais-crm-upsert,
// relais-ai-reply, relais-tag-contact). Their .html files, written by scripts/generate/node-red-forms.mjs
// from src/blocks, hold only data: the literal RED.nodes.registerType call (palette, defaults — what
// Node-RED and the Flow Library scorecard read), whose `relaisForm` property describes the form
// (RelaisForm in types/node-red-editor.d.ts), and the form's HTML. Everything the dialog does is here:
// defaults shown for missing properties, typedInputs, fields shown only for some values of another,
// the advanced toggle, the variables table, the AI reply's tools picked by node, and the Import… and
// Test buttons (relais-editor.js) where the form asks for them. Node-RED serves it from the package's
// resources/ folder and loads it before the .html's own script runs.
(function () {
  'use strict';
  // Every action's .html loads this file: the first copy serves them all.
  if (window.RelaisForm) return;

  /** @param {RED.EditorNode} node */
  function formOf(node) {
    const form = RED.nodes.getType(node.type)?.relaisForm;
    if (!form) throw new Error(node.type + ': no relaisForm in its registerType definition');
    return form;
  }

  /** @param {string} name */
  function fieldValue(name) {
    const input = $('#node-input-' + name);
    return input.is(':checkbox') ? String(input.is(':checked')) : String(input.val());
  }

  /** The text of an input of a variables table row. @param {JQuery} row @param {string} column */
  function cell(row, column) {
    return String(row.find('.relais-var-' + column).val() ?? '');
  }

  /**
   * A node imported without some property (older flow, hand-written JSON) shows the default, as it runs.
   * @param {RED.EditorNode} node @param {RelaisFormField[]} fields
   */
  function showDefaults(node, fields) {
    fields.forEach(function (field) {
      if (field.defaultValue === null) return;
      const input = $('#node-input-' + field.name);
      const saved = node[field.name];
      // A select whose saved value is none of its options ('' from a node saved without it) would show
      // blank; the runtime uses the default then, so the form shows it too.
      const unknownOption =
        input.is('select') &&
        !input
          .find('option')
          .toArray()
          .some((option) => /** @type {HTMLOptionElement} */ (option).value === String(saved));
      if (saved !== undefined && !unknownOption) return;
      if (input.is(':checkbox')) input.prop('checked', field.defaultValue === true);
      else input.val(String(field.defaultValue));
    });
  }

  /** Shows `selector` while the field `when.field` has one of `when.values`. @param {string} selector @param {RelaisShowWhen} when */
  function showOnlyWhen(selector, when) {
    const toggle = () => $(selector).toggle(when.values.indexOf(fieldValue(when.field)) !== -1);
    $('#node-input-' + when.field).on('change', toggle);
    toggle();
  }

  // ---------- the variables table ----------

  /** Columns of a row: its CSS class suffix (relais-var-<column>) and width. */
  const TEXT_WIDTHS = { name: '18%', description: '26%', example: '14%', default: '12%' };

  /**
   * @param {RED.EditorNode} node @param {string[]} types
   * @returns {(row: JQuery, index: number, data: Partial<RelaisVariableRow> & Record<string, unknown>) => void}
   */
  function variableRowBuilder(node, types) {
    return function (row, _index, data) {
      /** @param {string} width */
      const box = (width) => $('<div/>', { style: 'display:inline-block;vertical-align:top;margin-right:4px;width:' + width }).appendTo(row);
      /** @param {'name' | 'description' | 'example' | 'default'} column @param {unknown} value */
      const text = (column, value) =>
        $('<input/>', { type: 'text', class: 'relais-var-' + column, placeholder: node._('relais.variables.columns.' + column), style: 'width:100%' })
          .val(value === undefined || value === null ? '' : String(value))
          .appendTo(box(TEXT_WIDTHS[column]));
      text('name', data.name || '');
      const select = $('<select/>', { class: 'relais-var-type', style: 'width:100%' }).appendTo(box('14%'));
      types.forEach((type) => $('<option/>', { value: type }).text(node._('relais.variables.types.' + type)).appendTo(select));
      select.val(data.type || 'string');
      text('description', data.description || '');
      text('example', data.example);
      const required = $('<label/>', { style: 'width:auto' }).appendTo(box('10%'));
      $('<input/>', { type: 'checkbox', class: 'relais-var-required', style: 'width:auto;margin-right:3px' }).prop('checked', data.required === true).appendTo(required);
      $('<span/>').text(node._('relais.variables.columns.required')).appendTo(required);
      text('default', data.default);
      // The row is laid out once the list has appended it: fit the table then.
      setTimeout(fitVariables, 0);
    };
  }

  /** @param {RED.EditorNode} node @param {string[]} types */
  function prepareVariables(node, types) {
    const list = $('#node-input-variables-list');
    list.editableList({
      addButton: node._('relais.variables.add'),
      removable: true,
      sortable: true,
      removeItem: fitVariables,
      addItem: variableRowBuilder(node, types),
    });
    (Array.isArray(node.variables) ? node.variables : []).forEach((variable) => list.editableList('addItem', variable));
    fitVariables();
  }

  // The table's height follows its rows (one empty row's worth at least, scrolling beyond about eight)
  // instead of filling the dialog. Called late (timers, resize) it may find the dialog closed: then it
  // does nothing.
  function fitVariables() {
    const list = $('#node-input-variables-list');
    if (list.length === 0 || !list.data('nodered-editableList') || !list.is(':visible')) return;
    let rows = 0;
    list.children().each(function () {
      rows += $(this).outerHeight(true) ?? 0;
    });
    list.editableList('height', Math.min(380, Math.max(60, rows) + 20));
  }

  /** Every row of the variables table, as typed (none when the dialog has no table). @returns {RelaisVariableRow[]} */
  function variableRows() {
    const list = $('#node-input-variables-list');
    if (list.length === 0 || !list.data('nodered-editableList')) return [];
    return list
      .editableList('items')
      .toArray()
      .map(function (element) {
        const row = $(element);
        return {
          name: cell(row, 'name').trim(),
          type: cell(row, 'type'),
          description: cell(row, 'description'),
          example: cell(row, 'example'),
          required: row.find('.relais-var-required').is(':checked'),
          default: cell(row, 'default'),
        };
      });
  }

  /** @param {RED.EditorNode} node */
  function saveVariables(node) {
    node.variables = variableRows().filter((variable) => variable.name || variable.description || variable.example || variable.default);
  }

  // ---------- tools picked by node (relais-ai-reply) ----------

  /** @param {RED.EditorNode} node @param {NonNullable<RelaisForm['toolNodes']>} toolNodes */
  function prepareToolNodes(node, toolNodes) {
    const box = $('#relais-tool-nodes-list').empty();
    const chosen = Array.isArray(node.tool_nodes) ? node.tool_nodes : [];
    let found = 0;
    RED.nodes.eachNode(function (other) {
      if (toolNodes.types.indexOf(other.type) === -1) return;
      found++;
      const row = $('<label/>', { style: 'display:block;width:auto;margin:0 0 2px 0' }).appendTo(box);
      $('<input/>', { type: 'checkbox', class: 'relais-tool-node', value: other.id, style: 'width:auto;margin:0 6px 0 0' })
        .prop('checked', chosen.indexOf(other.id) !== -1)
        .appendTo(row);
      $('<span/>')
        .text((other.name || other.id) + ' \u00b7 ' + other.type)
        .appendTo(row);
    });
    if (found === 0) $('<span/>', { style: 'opacity:0.7' }).text(node._('relais.tool_nodes.none')).appendTo(box);
    if (toolNodes.showWhen) showOnlyWhen('.relais-row-tool_nodes', toolNodes.showWhen);
  }

  /** @param {RED.EditorNode} node */
  function saveToolNodes(node) {
    node.tool_nodes = $('.relais-tool-node:checked')
      .toArray()
      .map((input) => /** @type {HTMLInputElement} */ (input).value);
  }

  // ---------- the registerType hooks ----------

  window.RelaisForm = {
    paletteLabel: function () {
      return this._(this.type + '.paletteLabel');
    },
    label: function () {
      return this.name || this._(this.type + '.paletteLabel');
    },
    labelStyle: function () {
      return this.name ? 'node_label_italic' : '';
    },
    outputLabels: function (index) {
      return this._(index === 0 ? 'relais.outputs.ok' : 'relais.outputs.failure');
    },
    prepare: function () {
      const form = formOf(this);
      showDefaults(this, form.fields);
      form.fields.forEach(function (field) {
        if (field.typed) $('#node-input-' + field.name).typedInput({ default: field.typed[0], typeField: '#node-input-' + field.typeProperty, types: field.typed });
      });
      form.fields.forEach(function (field) {
        if (field.showWhen) showOnlyWhen('.relais-row-' + field.name, field.showWhen);
      });
      $('.relais-advanced-toggle').on('click', function (event) {
        event.preventDefault();
        $('.relais-advanced').toggle();
        $(this).find('i').toggleClass('fa-caret-right fa-caret-down');
      });
      if (form.variableTypes) prepareVariables(this, form.variableTypes);
      if (form.toolNodes) prepareToolNodes(this, form.toolNodes);
      if (form.importAndTest && window.RelaisEditor) window.RelaisEditor.attach(this, { action: form.importAndTest });
    },
    save: function () {
      const form = formOf(this);
      if (form.variableTypes) saveVariables(this);
      if (form.toolNodes) saveToolNodes(this);
    },
    resize: function () {
      fitVariables();
    },
    variableRows: variableRows,
  };
})();
