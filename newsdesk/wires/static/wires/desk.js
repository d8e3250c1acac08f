// The wire desk listing refreshes itself: new items appear without a reload. It asks the
// listing's own results URL (with the current filters and search) every few seconds,
// skips a round while the editor is selecting or typing, and announces new items.
(function () {
  "use strict";
  var desk = document.querySelector("[data-wire-desk]");
  if (!desk) return;
  var status = document.querySelector("[data-wire-desk-status]");
  var interval = (parseInt(desk.dataset.interval, 10) || 15) * 1000;

  function itemIds(root) {
    return Array.prototype.map.call(root.querySelectorAll("[id^='snippet_'][id$='_title']"), function (el) {
      return el.id;
    });
  }

  function busy() {
    var active = document.activeElement;
    var selecting = desk.querySelector("input[type=checkbox]:checked");
    return document.hidden || selecting || (active && desk.contains(active) && active !== document.body);
  }

  function refresh() {
    if (busy()) return;
    var results = document.getElementById("listing-results");
    if (!results) return;
    fetch(desk.dataset.resultsUrl + window.location.search, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html || busy()) return;
        var fresh = document.createElement("div");
        fresh.innerHTML = html;
        var before = itemIds(results);
        var added = itemIds(fresh).filter(function (id) {
          return before.indexOf(id) === -1;
        }).length;
        if (!added) return;
        results.innerHTML = html;
        if (status) status.textContent = added === 1 ? "1 new wire item" : added + " new wire items";
      })
      .catch(function () {});
  }

  window.setInterval(refresh, interval);
})();
