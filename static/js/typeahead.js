/* Type-ahead choices (ocop_portal/typeahead.py): every <select data-typeahead="URL"> becomes a
   Tom Select field that asks URL?q=… for matches as the person types. The server matches
   without accents and in the person's scope, and sends the matches in Vietnamese order, with
   current units before abolished ones: the browser shows exactly that answer, unfiltered and
   unsorted. */
(function () {
  "use strict";

  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var data = select.dataset;
    var plugins = {};
    if (!select.required) plugins.clear_button = { title: data.clear || "" };
    var control = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      optgroupField: "group",
      lockOptgroupOrder: true,
      sortField: [{ field: "$order" }],
      maxOptions: null,
      preload: "focus",
      loadThrottle: 200,
      placeholder: data.placeholder,
      plugins: plugins,
      // Each answer replaces the previous one, so an earlier query is asked again, not cached.
      shouldLoad: function () { this.loadedSearches = {}; return true; },
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        var self = this;
        var url = data.typeahead + (data.typeahead.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [], optgroups: [] }; })
          .then(function (json) { self.clearOptions(); callback(json.results, json.optgroups); })
          .catch(function () { callback(); });
      },
      // Fields the chosen record fills in (e.g. the producer's representative on a dossier),
      // unless the person has typed something of their own there.
      onChange: function (value) {
        var option = this.options[value];
        if (!option || !option.fill || !select.form) return;
        Object.keys(option.fill).forEach(function (name) {
          var target = select.form.elements[name];
          if (!target || !option.fill[name]) return;
          if (target.value === "" || target.value === target.dataset.filled) {
            target.value = option.fill[name];
            target.dataset.filled = option.fill[name];
          }
        });
      },
      render: {
        option: function (item, escape) {
          var note = item.note ? '<div class="small ts-note">' + escape(item.note) + "</div>" : "";
          return "<div>" + escape(item.text) + note + "</div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.text) + "</div>"; },
        no_results: function (item, escape) { return '<div class="no-results">' + escape(data.noResults || "") + "</div>"; },
        loading: function (item, escape) { return '<div class="loading">' + escape(data.loading || "") + "</div>"; }
      }
    });
    keepLabel(select, control);
  }

  // Tom Select points the field's <label> at its own search box; the original <select>, kept
  // (hidden) for the form, keeps the same name for assistive technology.
  function keepLabel(select, control) {
    var label = document.querySelector('label[for="' + control.control_input.id + '"]');
    if (label) select.setAttribute("aria-label", label.textContent.trim());
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-typeahead]").forEach(enhance);
  }

  if (window.htmx) {
    window.htmx.onLoad(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  }
})();
