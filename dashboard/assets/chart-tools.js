/* Chart tools that need the browser (served as a static asset: no inline script).
 *
 * 1. Permalinks: a link such as /?energy-corridors.unit=energy#energy-corridors renders its
 *    page after load, so the browser's own jump to the fragment happens too early. This
 *    scrolls to the named chart once it exists and keeps it in view while the charts above
 *    it finish drawing, and stops as soon as the reader scrolls.
 * 3. Dash's RadioItems wrap each native radio in a role="option" inside a role="listbox":
 *    an interactive role around an interactive control (axe: nested-interactive). The
 *    native radios already say what they are, inside our role="radiogroup"; the extra
 *    roles are removed.
 * 2. Export: "PNG image" / "SVG image" in a chart's Download menu save the chart as a
 *    published chart carries it: title, subtitle, units, sources, date of the data, licence
 *    and permalink, with the legend drawn in.
 */
(function () {
  "use strict";

  var SETTLE_MS = 1500;
  var GIVE_UP_MS = 20000;

  function scrollToFragment() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) {
      return;
    }
    var started = Date.now();
    var stableSince = null;
    var lastTop = null;
    var interrupted = false;
    function stop() {
      interrupted = true;
    }
    window.addEventListener("wheel", stop, { once: true, passive: true });
    window.addEventListener("touchstart", stop, { once: true, passive: true });
    window.addEventListener("keydown", stop, { once: true });
    function drawn(el) {
      return el.querySelector(".js-plotly-plot .main-svg, .tiles, .data-table, .empty") !== null;
    }
    (function tick() {
      if (interrupted || Date.now() - started > GIVE_UP_MS) {
        return;
      }
      var el = document.getElementById(id);
      if (el) {
        var top = Math.round(el.getBoundingClientRect().top);
        if (lastTop === null || Math.abs(top - lastTop) > 1) {
          el.scrollIntoView({ block: "start" });
          lastTop = Math.round(el.getBoundingClientRect().top);
          stableSince = Date.now();
        } else if (drawn(el) && Date.now() - stableSince > SETTLE_MS) {
          return; // in view and the page around it no longer moves
        }
      }
      window.setTimeout(tick, 100);
    })();
  }

  window.addEventListener("hashchange", scrollToFragment);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollToFragment);
  } else {
    scrollToFragment();
  }

  // -- radio groups --------------------------------------------------------------------
  var ROLE_ATTRS = ["role", "aria-selected"];
  function plainRadios(root) {
    var lists = root.querySelectorAll ? root.querySelectorAll(".segmented[role=listbox]") : [];
    Array.prototype.forEach.call(lists, function (list) {
      list.removeAttribute("role");
      Array.prototype.forEach.call(list.querySelectorAll("[role=option]"), function (option) {
        ROLE_ATTRS.forEach(function (name) { option.removeAttribute(name); });
      });
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") {
        plainRadios(record.target.parentNode || document);
      } else {
        Array.prototype.forEach.call(record.addedNodes, function (node) {
          if (node.nodeType === 1) {
            plainRadios(node.parentNode || node);
          }
        });
      }
    });
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["role"],
  });

  // -- export ---------------------------------------------------------------------------
  var EXPORT_WIDTH = 1100;
  var HEAD = 100;
  var FOOT = 96;

  function escapeText(text) {
    return String(text || "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }

  function wrap(text, width) {
    var words = String(text || "").split(/\s+/);
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  function exportFigure(plot, info, format, filename) {
    var layout = JSON.parse(JSON.stringify(plot.layout || {}));
    var data = (plot.data || []).map(function (trace) {
      var copy = Object.assign({}, trace);
      copy.showlegend = Boolean(trace.meta && trace.meta.legend);
      return copy;
    });
    var subtitle = wrap(info.subtitle, 150).slice(0, 2).map(escapeText).join("<br>");
    var foot = [
      "Units: " + info.units,
      "Sources: " + info.sources,
      "Data: " + info.date + " · " + info.licence,
      info.link,
    ]
      .map(function (line) { return wrap(line, 170)[0] + (wrap(line, 170).length > 1 ? " …" : ""); })
      .map(escapeText)
      .join("<br>");
    var margin = layout.margin || {};
    var top = (margin.t || 20) + HEAD; // pixels from the image top to the plot area
    var bottom = (margin.b || 30) + FOOT;
    var height = (layout.height || plot.offsetHeight || 400) + HEAD + FOOT;
    var plotHeight = height - top - bottom;
    layout.margin = Object.assign({}, margin, { t: top, b: bottom });
    layout.height = height;
    layout.width = EXPORT_WIDTH;
    layout.showlegend = true;
    layout.legend = {
      orientation: "h", x: 0, xanchor: "left", y: 1 + (top - 68) / plotHeight, yanchor: "top",
      font: { size: 11 },
    };
    function above(pixelsFromImageTop) {
      return top - pixelsFromImageTop; // a yshift from the plot top, for an annotation at y=1
    }
    layout.annotations = (layout.annotations || []).concat([
      {
        text: "<b>" + escapeText(info.title) + "</b>",
        xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 1, yanchor: "bottom",
        yshift: above(30), showarrow: false, align: "left", font: { size: 16, color: "#111" },
      },
      {
        text: subtitle,
        xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 1, yanchor: "bottom",
        yshift: above(64), showarrow: false, align: "left", font: { size: 11, color: "#444" },
      },
      {
        text: foot,
        xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 0, yanchor: "top",
        yshift: -((margin.b || 30) + 8), showarrow: false, align: "left",
        font: { size: 10, color: "#444" },
      },
    ]);
    return window.Plotly.toImage(
      { data: data, layout: layout },
      { format: format, width: EXPORT_WIDTH, height: height, scale: format === "png" ? 2 : 1 }
    ).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-export]") : null;
    if (!button || !window.Plotly) {
      return;
    }
    var card = button.closest("section[data-chart]");
    var visual = card && card.querySelector(".visual");
    if (!visual) {
      return;
    }
    var info = {
      title: visual.dataset.exportTitle,
      subtitle: visual.dataset.exportSubtitle,
      units: visual.dataset.exportUnits,
      sources: visual.dataset.exportSources,
      date: visual.dataset.exportDate,
      licence: visual.dataset.exportLicence,
      link: visual.dataset.exportLink,
    };
    var format = button.dataset.export;
    var plots = Array.prototype.slice.call(visual.querySelectorAll(".js-plotly-plot"));
    var base = button.dataset.filename || card.id;
    plots.reduce(function (done, plot, i) {
      return done.then(function () {
        var name = base + (plots.length > 1 ? "-" + (i + 1) : "") + "." + format;
        return exportFigure(plot, info, format, name);
      });
    }, Promise.resolve());
  });
})();
