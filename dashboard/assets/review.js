// Review page keys: j / k move between items, c confirm, r reject, e open the correction
// form of the current item. Keys typed into a field are left alone. Loaded on every page;
// does nothing where there is no review form.
(function () {
  "use strict";
  var current = -1;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("article.review-item"));
  }

  function focusItem(list, index) {
    if (!list.length) { return null; }
    current = Math.max(0, Math.min(index, list.length - 1));
    list[current].focus();
    return list[current];
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var list = items();
    if (!list.length) { return; }
    var here = list.indexOf(document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("article.review-item") : null);
    if (here >= 0) { current = here; }
    var key = event.key;
    if (key === "j" || key === "k") {
      focusItem(list, (current < 0 ? -1 : current) + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    var item = current >= 0 ? list[current] : focusItem(list, 0);
    if (!item) { return; }
    var button = null;
    if (key === "c") { button = item.querySelector("button.review-confirm"); }
    if (key === "r") { button = item.querySelector("button.review-reject"); }
    if (key === "e") {
      var box = item.querySelector("details.review-correct-box");
      if (box) {
        box.open = true;
        var field = box.querySelector("input[name='value']");
        if (field) { field.focus(); }
        event.preventDefault();
      }
      return;
    }
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}());
