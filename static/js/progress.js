/*
 * Live progress for long work (matching runs, bulk certificate issues), without reloading.
 *
 * An element with data-progress-url (a JSON endpoint such as /api/v1/matching-runs/7/) is
 * polled every second while its `status` is pending or running. Inside it:
 *   <progress>                         gets the endpoint's `progress` (0-100);
 *   [data-progress-field="name"]       gets the endpoint's `name`, or the element's
 *                                      data-label-<value> when it has one (translated labels);
 *   [data-progress-template]           shows its template with {name} filled from the endpoint,
 *                                      once the work is done (data-progress-when="done") or failed;
 *   [data-progress-list="name"]        lists the endpoint's `name` entries ({full_name, reasons});
 *   [data-progress-reveal]             is shown once the work is done;
 *   [data-progress-refresh]            (anywhere on the page) the no-JavaScript refresh link,
 *                                      hidden here unless the endpoint stops answering.
 * Texts come from the page (every string is translated there); this file holds none.
 *
 * A form with data-busy-label shows that label on its submit button while the next page loads.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var FINISHED = ["done", "failed"];

  function fill(template, data) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole;
    });
  }

  function labelFor(element, value) {
    var key = "label" + String(value).charAt(0).toUpperCase() + String(value).slice(1);
    return element.dataset[key] !== undefined ? element.dataset[key] : String(value);
  }

  function reasonsText(reasons) {
    var parts = [];
    Object.keys(reasons || {}).forEach(function (field) {
      parts = parts.concat(reasons[field]);
    });
    return parts.join(" ");
  }

  function show(box, data) {
    var bar = box.querySelector("progress");
    if (bar && typeof data.progress === "number") {
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
    }
    box.querySelectorAll("[data-progress-field]").forEach(function (element) {
      var value = data[element.dataset.progressField];
      if (value !== undefined && value !== null) {
        element.textContent = labelFor(element, value);
      }
    });
    var finished = FINISHED.indexOf(data.status) !== -1;
    if (!finished) {
      return false;
    }
    data.skipped_count = (data.skipped || []).length;
    box.querySelectorAll("[data-progress-template]").forEach(function (element) {
      var when = element.dataset.progressWhen || "done";
      if (when === data.status) {
        element.textContent = fill(element.dataset.progressTemplate, data);
        element.hidden = false;
      }
    });
    box.querySelectorAll("[data-progress-list]").forEach(function (list) {
      list.replaceChildren();
      (data[list.dataset.progressList] || []).forEach(function (entry) {
        var item = document.createElement("li");
        item.textContent = entry.full_name + ": " + reasonsText(entry.reasons);
        list.appendChild(item);
      });
      list.hidden = list.children.length === 0;
    });
    if (data.status === "done") {
      box.querySelectorAll("[data-progress-reveal]").forEach(function (element) {
        element.hidden = false;
      });
    }
    box.removeAttribute("aria-busy");
    return true;
  }

  function follow(box) {
    var url = box.dataset.progressUrl;
    box.setAttribute("aria-busy", "true");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (!show(box, data)) {
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () {
          // A lost connection: show the refresh link and try again a little later.
          refreshLinks(false);
          window.setTimeout(poll, POLL_MS * 5);
        });
    }
    window.setTimeout(poll, POLL_MS);
  }

  function busyOnSubmit(form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter || form.querySelector('button[type="submit"]');
      if (!button || form.getAttribute("aria-busy") === "true") {
        return;
      }
      form.setAttribute("aria-busy", "true");
      button.textContent = form.dataset.busyLabel;
      // Disabled after the submit event, so the button's own name and value still travel.
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
    });
  }

  function refreshLinks(hidden) {
    document.querySelectorAll("[data-progress-refresh]").forEach(function (link) {
      link.hidden = hidden;
    });
  }

  var boxes = document.querySelectorAll("[data-progress-url]");
  if (boxes.length) {
    refreshLinks(true);
  }
  boxes.forEach(follow);
  document.querySelectorAll("form[data-busy-label]").forEach(busyOnSubmit);
})();
